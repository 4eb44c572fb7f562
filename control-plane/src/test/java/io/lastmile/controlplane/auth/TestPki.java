package io.lastmile.controlplane.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made at test time: a CA, a server certificate for localhost
 * and client certificates, written as PEM files (and the CA as a PKCS12 trust store) into a folder.
 */
public final class TestPki {
  public static final String TRUST_STORE_PASSWORD = "test-only";
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  public TestPki(Path dir) {
    try {
      this.dir = Files.createDirectories(dir);
      caKeys = keys();
      ca = sign("CN=lastmile test CA", caKeys, "CN=lastmile test CA", caKeys, true, null);
      Files.writeString(caPem(), pem(ca));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      try (OutputStream out = Files.newOutputStream(caP12())) {
        trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the test CA", e);
    }
  }

  public Path caPem() {
    return dir.resolve("ca.crt");
  }

  /** The CA as a PKCS12 trust store with {@link #TRUST_STORE_PASSWORD}. */
  public Path caP12() {
    return dir.resolve("ca.p12");
  }

  /**
   * A certificate for localhost and 127.0.0.1 signed by the CA: {@code name.crt}, {@code name.key}.
   */
  public Path[] issue(String name) {
    try {
      KeyPair keys = keys();
      GeneralNames alt =
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              });
      X509Certificate cert = sign("CN=" + name, keys, "CN=lastmile test CA", caKeys, false, alt);
      Path crt = Files.writeString(dir.resolve(name + ".crt"), pem(cert));
      Path key =
          Files.writeString(
              dir.resolve(name + ".key"), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
      return new Path[] {crt, key};
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue " + name, e);
    }
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      String subject,
      KeyPair subjectKeys,
      String issuer,
      KeyPair issuerKeys,
      boolean isCa,
      GeneralNames alt)
      throws GeneralSecurityException, IOException {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name(subject),
            subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (alt != null) {
      b.addExtension(Extension.subjectAlternativeName, false, alt);
    }
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String pem(Object o) {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s.toString();
  }
}
