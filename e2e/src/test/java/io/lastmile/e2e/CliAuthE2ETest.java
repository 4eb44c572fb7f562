package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.e2e.CliProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane that needs API tokens, made with {@code lastmile tokens create} and read from a
 * tokens file, driven by the packaged CLI: tenants see only their own jobs, node operations need an
 * operator, and a missing token says what to do.
 */
class CliAuthE2ETest {
  private static final Pattern TOKEN = Pattern.compile("lm_[A-Za-z0-9_-]{43}");
  private static final Pattern LINE = Pattern.compile("[a-z0-9-]+=[0-9a-f]{64},[a-z0-9-]+,\\w+");
  private static final Pattern JOB_ID = Pattern.compile("job-[0-9a-f]{12}");

  @TempDir static Path work;
  static LocalCluster cluster;
  static String acme;
  static String globex;
  static String operator;

  @BeforeAll
  static void startSecuredControlPlane() throws IOException {
    StringBuilder file = new StringBuilder("# tokens of this test\n");
    acme = create(file, "acme-ci", "acme", "tenant");
    globex = create(file, "globex-ci", "globex", "tenant");
    operator = create(file, "oncall", "ops", "operator");
    Path tokens = Files.writeString(work.resolve("tokens"), file);
    cluster =
        new LocalCluster(work)
            .startControlPlane(
                "-Dlastmile.auth.enabled=true", "-Dlastmile.auth.tokens-file=" + tokens);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void withoutTokenTheCliSaysWhatToDo() {
    Result list = cli(Map.of(), "list");

    assertThat(list.code).as(list.toString()).isEqualTo(6);
    assertThat(list.err).contains("UNAUTHENTICATED", "set --token or LASTMILE_TOKEN");
  }

  @Test
  void tenantsSeeOnlyTheirOwnJobs() throws IOException {
    Result submit =
        cli(Map.of("LASTMILE_TOKEN", acme), "submit", "--name", "mine", "--", "sh", "-c", "true");
    assertThat(submit.code).as(submit.toString()).isZero();
    Matcher m = JOB_ID.matcher(submit.out);
    assertThat(m.find()).isTrue();
    String id = m.group();

    Result other = cli(Map.of(), "get", id, "--token", globex);
    Result otherList = cli(Map.of("LASTMILE_TOKEN", globex), "list");
    Path tokenFile = Files.writeString(work.resolve("acme-token"), acme + "\n");
    Result ownerViaFile = cli(Map.of("LASTMILE_TOKEN_FILE", tokenFile.toString()), "get", id);
    Result operatorList = cli(Map.of("LASTMILE_TOKEN", operator), "list");

    assertThat(other.code).as(other.toString()).isEqualTo(3);
    assertThat(other.err).contains("job " + id + " not found");
    assertThat(otherList.out).doesNotContain(id);
    assertThat(ownerViaFile.code).as(ownerViaFile.toString()).isZero();
    assertThat(ownerViaFile.out).contains(id);
    assertThat(operatorList.out).contains(id);
  }

  @Test
  void nodeOperationsNeedAnOperatorToken() {
    Result tenant = cli(Map.of("LASTMILE_TOKEN", acme), "nodes", "cordon", "edge-x");
    Result ops = cli(Map.of("LASTMILE_TOKEN", operator), "nodes", "cordon", "edge-x");

    assertThat(tenant.code).as(tenant.toString()).isEqualTo(6);
    assertThat(tenant.err).contains("PERMISSION_DENIED", "operator role");
    assertThat(ops.code).as(ops.toString()).isEqualTo(3); // allowed; the node is unknown
  }

  /** Makes a token with the CLI, adds its line to {@code file} and returns the token. */
  private static String create(StringBuilder file, String name, String tenant, String role) {
    Result r =
        CliProcess.run(
            work, Map.of(), "tokens", "create", "--name", name, "--tenant", tenant, "--role", role);
    assertThat(r.code).as(r.toString()).isZero();
    Matcher token = TOKEN.matcher(r.out);
    Matcher line = LINE.matcher(r.out);
    assertThat(token.find() && line.find()).as(r.out).isTrue();
    assertThat(line.group()).doesNotContain(token.group());
    file.append(line.group()).append('\n');
    return token.group();
  }

  private static Result cli(Map<String, String> env, String... args) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("LASTMILE_SERVER", cluster.grpcAddress());
    all.putIfAbsent("HOME", work.toString()); // no ~/.config/lastmile/token of the machine
    return CliProcess.run(work, all, args);
  }
}
