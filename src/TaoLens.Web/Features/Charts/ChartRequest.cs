namespace TaoLens.Web.Features.Charts;

/// <summary>One line on a chart: a subnet's engine series by its <see cref="Subnets.SubnetMetrics"/> name.</summary>
public sealed record ChartLine(int Netuid, string Metric, string Label);

/// <summary>What a chart island draws; plain data so it can cross into the interactive render mode.</summary>
public sealed record ChartRequest(string Id, string Title, string Unit, string From, string To, int WindowDays, IReadOnlyList<ChartLine> Lines);
