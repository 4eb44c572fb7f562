package io.lastmile.cli;

import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.ListPricesRequest;
import io.lastmile.api.v1.ListPricesResponse;
import io.lastmile.api.v1.PriceServiceGrpc;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "prices",
    mixinStandardHelpOptions = true,
    subcommands = PricesReplayCommand.class,
    description = {
      "Show electricity prices per region: the current hour, then the next hours (UTC), in the control plane's currency per MWh.",
      "These are the prices the scheduler weighs."
    },
    footer = {
      "%nExamples:",
      "  lastmile prices",
      "  lastmile prices --region de-fra --hours 24",
      "  lastmile prices -o json",
      "  lastmile prices replay --file DE-LU_electricity_prices_2023.csv --speed 86400"
    })
class PricesCommand extends GrpcCommand {
  @Option(names = "--region", defaultValue = "", description = "Only this region, e.g. de-fra.")
  String region;

  @Option(
      names = "--hours",
      defaultValue = "6",
      description = "Hours to show, 1 to 48, the current one first (default: ${DEFAULT-VALUE}).")
  int hours;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    ListPricesResponse response =
        prices()
            .listPrices(ListPricesRequest.newBuilder().setRegion(region).setHours(hours).build());
    if (client.output == ClientOptions.Format.json) {
      out.json(response);
    } else {
      out.prices(response.getRegionsList());
    }
    return ExitCodes.OK;
  }

  private PriceServiceGrpc.PriceServiceBlockingStub prices() {
    return PriceServiceGrpc.newBlockingStub(channel())
        .withDeadlineAfter(client.timeoutSeconds, TimeUnit.SECONDS);
  }
}
