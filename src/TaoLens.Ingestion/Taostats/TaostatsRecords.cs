namespace TaoLens.Ingestion.Taostats;

/// <summary>
/// One subnet's dTAO pool at one block (latest or daily history). Chain amounts are rao (1e-9 TAO or alpha);
/// <see cref="PriceTao"/> is TAO per alpha. Name and symbol are cleaned untrusted text.
/// </summary>
public sealed record TaostatsPool(
    int Netuid,
    long BlockNumber,
    DateTimeOffset Timestamp,
    string? Name,
    string? Symbol,
    decimal PriceTao,
    long TotalTaoRao,
    long AlphaInPoolRao,
    long AlphaStakedRao,
    long? TotalAlphaRao,
    decimal? MarketCapTao,
    decimal? LiquidityTao,
    long? TaoVolume24hRao,
    int? Rank);

/// <summary>A subnet's self-declared identity from Taostats; all text cleaned and capped, URLs only when http(s).</summary>
public sealed record TaostatsIdentity(
    int Netuid,
    string? Name,
    Uri? GithubRepo,
    string? Contact,
    Uri? Website,
    string? Discord,
    string? Description,
    string? Additional);
