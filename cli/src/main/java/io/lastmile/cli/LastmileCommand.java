package io.lastmile.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code lastmile} command. */
@TopCommand
@Command(
    name = "lastmile",
    mixinStandardHelpOptions = true,
    version = "lastmile 0.1.0",
    description = {
      "Submit, inspect, watch, cancel and explain inference jobs; list, cordon and drain nodes.",
      "",
      "The control plane address comes from --server or LASTMILE_SERVER (default"
          + " localhost:9090).",
      "The API token comes from --token, LASTMILE_TOKEN or ~/.config/lastmile/token."
    },
    subcommands = {
      SubmitCommand.class,
      GetCommand.class,
      ListCommand.class,
      WatchCommand.class,
      CancelCommand.class,
      ExplainCommand.class,
      NodesCommand.class,
      PricesCommand.class,
      TokensCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lastmile submit --region de-fra --max-rtt-ms 30 --gpus 1 -- python3 serve.py",
      "  lastmile list --state PENDING",
      "  lastmile explain job-3f9a1c2b4d5e",
      "  lastmile watch job-3f9a1c2b4d5e && echo done",
      "  lastmile submit -f job.yaml            # the job as YAML; see submit --help",
      "  lastmile nodes                         # region, GPUs free/total, power, state",
      "  lastmile nodes drain edge-fra-1 --reason 'kernel update'",
      "  lastmile prices --region de-fra --hours 24",
      "  lastmile prices replay --file DE-LU_electricity_prices_2023.csv --speed 86400",
      "  lastmile tokens create --name acme-ci --tenant acme",
      "",
      "Exit codes: 0 ok, 1 internal error, 2 bad input, 3 not found, 4 conflicting state, 5 control plane unreachable, 6 no valid token or role too low; watch also returns 10 when the job FAILED, 11 when CANCELLED."
    })
public class LastmileCommand {}
