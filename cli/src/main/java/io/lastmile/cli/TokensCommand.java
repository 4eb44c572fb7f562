package io.lastmile.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** API tokens for the control plane's clients. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Make API tokens for tenants and operators.",
    subcommands = {TokensCommand.Create.class})
class TokensCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Make a new random API token.",
        "Prints the token (give it to its user, once) and the line the control plane needs,"
            + " which holds only the token's SHA-256.",
        "Put that line in the file named by lastmile.auth.tokens-file and restart the control"
            + " plane.",
        "Setting lastmile.auth.tokens.<name>=<sha256,tenant,role> instead works too.",
        "Works offline; the token is never sent anywhere."
      },
      footer = {
        "%nExamples:",
        "  lastmile tokens create --name acme-ci --tenant acme",
        "  lastmile tokens create --name oncall --tenant ops --role operator"
      })
  static class Create implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "Token name for logs, e.g. acme-ci.")
    String name;

    @Option(names = "--tenant", required = true, description = "Tenant whose jobs it works with.")
    String tenant;

    @Option(
        names = "--role",
        defaultValue = "tenant",
        description = "tenant (own jobs) or operator (all jobs, node operations). Default: tenant.")
    String role;

    @Override
    public Integer call() throws NoSuchAlgorithmException {
      check("--name", name, NAME.matcher(name).matches(), "1 to 63 characters of [a-z0-9-]");
      check("--tenant", tenant, NAME.matcher(tenant).matches(), "1 to 63 characters of [a-z0-9-]");
      check("--role", role, role.equals("tenant") || role.equals("operator"), "tenant or operator");
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      String token = "lm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      String hash =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(token.getBytes(StandardCharsets.UTF_8)));
      var out = spec.commandLine().getOut();
      out.printf("token (shown once; use with --token or LASTMILE_TOKEN):%n  %s%n", token);
      out.printf(
          "tokens file line (lastmile.auth.tokens-file):%n  %s=%s,%s,%s%n",
          name, hash, tenant, role);
      out.flush();
      return ExitCodes.OK;
    }

    private void check(String option, String value, boolean ok, String rule) {
      if (!ok) {
        throw new ParameterException(
            spec.commandLine(), "%s '%s' must be %s".formatted(option, value, rule));
      }
    }
  }
}
