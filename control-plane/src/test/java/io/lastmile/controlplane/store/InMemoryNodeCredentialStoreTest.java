package io.lastmile.controlplane.store;

import io.lastmile.controlplane.auth.InMemoryNodeCredentialStore;
import io.lastmile.controlplane.auth.NodeCredentialStore;

/** Node credentials in memory behave as in the database. */
class InMemoryNodeCredentialStoreTest extends NodeCredentialStoreContract {
  @Override
  NodeCredentialStore open() {
    return new InMemoryNodeCredentialStore();
  }
}
