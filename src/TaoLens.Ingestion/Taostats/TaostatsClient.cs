using System.Globalization;
using Microsoft.Extensions.Options;
using TaoLens.Core.Chain;
using TaoLens.Core.Text;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Sources.Json;

namespace TaoLens.Ingestion.Taostats;

/// <summary>
/// Typed client for the Taostats API (docs/data-sources.md section 3). Every list endpoint is read page by page
/// until <c>next_page</c> is null; every row is validated, and a payload TaoLens will not store throws
/// <see cref="SourcePayloadException"/> naming the endpoint and field. Retries, timeouts and the breaker come
/// from the one resilience handler registered by <see cref="TaostatsServiceCollectionExtensions.AddTaostatsClient"/>.
/// </summary>
public sealed class TaostatsClient(HttpClient http, IOptions<TaostatsOptions> options, TimeProvider clock)
{
    /// <summary>Taostats' documented maximum page size for the endpoints used here.</summary>
    public const int PageSize = 200;

    /// <summary>A run that needs more pages than this is asking for too much (or the envelope is lying).</summary>
    public const int MaxPages = 1000;

    private const int MaxNameLength = 256;
    private const int MaxTextLength = 1024;
    private const long MaxNetuid = ushort.MaxValue;
    private const long MaxRao = ChainUnits.MaxSupplyTao * ChainUnits.RaoPerTao;

    private readonly TaostatsOptions _options = options.Value;

    /// <summary>Taostats is off without an API key; calls then throw <see cref="InvalidOperationException"/>.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.ApiKey);

    /// <summary>Every subnet's pool now (all pages).</summary>
    public async Task<IReadOnlyList<TaostatsPool>> GetLatestPoolsAsync(CancellationToken cancellationToken = default)
    {
        var pools = await GetAllPagesAsync("api/dtao/pool/latest/v1", "", ParsePool, cancellationToken);
        RejectDuplicates(pools, p => p.Netuid, "/api/dtao/pool/latest/v1", p => $"netuid {p.Netuid}");
        return pools;
    }

    /// <summary>One pool row per subnet per day with a timestamp in [<paramref name="from"/>, <paramref name="to"/>] (all pages).</summary>
    public async Task<IReadOnlyList<TaostatsPool>> GetDailyPoolHistoryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var range = RangeQuery(from, to);
        var pools = await GetAllPagesAsync("api/dtao/pool/history/v1", "frequency=by_day&" + range + "&order=timestamp_asc", ParsePool, cancellationToken);
        CheckRange(pools, p => p.Timestamp, from, to, "/api/dtao/pool/history/v1");
        RejectDuplicates(pools, p => (p.Netuid, p.BlockNumber), "/api/dtao/pool/history/v1", p => $"netuid {p.Netuid} at block {p.BlockNumber}");
        return pools;
    }

    /// <summary>TAO's current USD price, market cap and supply.</summary>
    public async Task<TaoPriceQuote> GetLatestPriceAsync(CancellationToken cancellationToken = default)
    {
        var quotes = await GetAllPagesAsync("api/price/latest/v1", "asset=tao", ParsePrice, cancellationToken);
        return quotes.Count switch
        {
            1 => quotes[0],
            _ => throw new SourcePayloadException(string.Create(CultureInfo.InvariantCulture, $"taostats /api/price/latest/v1: data: expected exactly one row, got {quotes.Count}")),
        };
    }

    /// <summary>TAO USD quotes with a timestamp in [<paramref name="from"/>, <paramref name="to"/>], oldest first (all pages).</summary>
    public async Task<IReadOnlyList<TaoPriceQuote>> GetPriceHistoryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var quotes = await GetAllPagesAsync("api/price/history/v1", "asset=tao&" + RangeQuery(from, to) + "&order=timestamp_asc", ParsePrice, cancellationToken);
        CheckRange(quotes, q => q.Timestamp, from, to, "/api/price/history/v1");
        return [.. quotes.OrderBy(q => q.Timestamp)];
    }

    /// <summary>Every subnet's declared identity (all pages).</summary>
    public async Task<IReadOnlyList<TaostatsIdentity>> GetSubnetIdentitiesAsync(CancellationToken cancellationToken = default)
    {
        var identities = await GetAllPagesAsync("api/subnet/identity/v1", "", ParseIdentity, cancellationToken);
        RejectDuplicates(identities, i => i.Netuid, "/api/subnet/identity/v1", i => $"netuid {i.Netuid}");
        return identities;
    }

    private async Task<List<T>> GetAllPagesAsync<T>(string path, string query, Func<PayloadNode, T> parseRow, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException($"Taostats is not configured: set {TaostatsOptions.Section}:ApiKey.");
        }

        var rows = new List<T>();
        for (var page = 1; ; page++)
        {
            var source = page == 1 ? $"taostats /{path}" : string.Create(CultureInfo.InvariantCulture, $"taostats /{path} (page {page})");
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{path}?{query}{(query.Length == 0 ? "" : "&")}page={page}&limit={PageSize}"), UriKind.Relative);
            using var document = await SourceHttp.GetJsonAsync(http, uri, source, AddKey, cancellationToken);
            var root = PayloadNode.Root(document, source);
            var pagination = root.Required("pagination");
            var nextPage = ReadPagination(pagination, page);
            var dataNode = root.Required("data");
            var data = dataNode.Items();
            var perPage = pagination.Required("per_page").Long();
            if (data.Count > perPage)
            {
                throw dataNode.Fail(string.Create(CultureInfo.InvariantCulture, $"{data.Count} rows on a page of {perPage}"));
            }

            foreach (var item in data)
            {
                rows.Add(parseRow(item));
            }

            if (nextPage is null)
            {
                return rows;
            }
        }
    }

    // Raw key, no "Bearer": that is what Taostats' own example client sends.
    private void AddKey(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Authorization", _options.ApiKey!.Trim());

    /// <summary>Checks the envelope against the page asked for and returns the next page number, or null on the last page.</summary>
    private static int? ReadPagination(PayloadNode pagination, int page)
    {
        var current = pagination.Required("current_page");
        if (current.Long() != page)
        {
            throw current.Fail(string.Create(CultureInfo.InvariantCulture, $"expected page {page}, got {current.Long()}"));
        }

        var perPage = pagination.Required("per_page").LongInRange(1, 100_000);
        var totalItems = pagination.Required("total_items").LongInRange(0, long.MaxValue / 2);
        var totalPagesNode = pagination.Required("total_pages");
        var totalPages = totalPagesNode.LongInRange(0, long.MaxValue / 2);
        if (totalPages != (totalItems + perPage - 1) / perPage)
        {
            throw totalPagesNode.Fail(string.Create(CultureInfo.InvariantCulture, $"{totalPages} does not match {totalItems} items at {perPage} per page"));
        }

        if (totalPages > MaxPages)
        {
            throw totalPagesNode.Fail(string.Create(CultureInfo.InvariantCulture, $"{totalPages} pages exceeds the cap of {MaxPages}; ask for a narrower range"));
        }

        var next = pagination.Optional("next_page");
        if (next is null)
        {
            return null;
        }

        if (next.Long() != page + 1 || page + 1 > totalPages)
        {
            throw next.Fail(string.Create(CultureInfo.InvariantCulture, $"expected {page + 1} (of {totalPages} pages) or null, got {next.Long()}"));
        }

        return page + 1;
    }

    private TaostatsPool ParsePool(PayloadNode row)
    {
        var marketCapRao = row.Optional("market_cap")?.DecimalInRange(0, decimal.MaxValue);
        var liquidityRao = row.Optional("liquidity")?.DecimalInRange(0, decimal.MaxValue);
        return new TaostatsPool(
            Netuid: (int)row.Required("netuid").LongInRange(0, MaxNetuid),
            BlockNumber: row.Required("block_number").LongInRange(0, int.MaxValue),
            Timestamp: row.Required("timestamp").Timestamp(clock),
            Name: UntrustedText.Clean(row.Optional("name")?.Text(), MaxNameLength),
            Symbol: UntrustedText.Clean(row.Optional("symbol")?.Text(), MaxNameLength),
            PriceTao: row.Required("price").DecimalInRange(0, 1_000_000m),
            TotalTaoRao: row.Required("total_tao").LongInRange(0, MaxRao),
            AlphaInPoolRao: row.Required("alpha_in_pool").LongInRange(0, MaxRao),
            AlphaStakedRao: row.Required("alpha_staked").LongInRange(0, MaxRao),
            TotalAlphaRao: row.Optional("total_alpha")?.LongInRange(0, MaxRao),
            // Taostats reports market cap and liquidity in rao (fractional); TaoLens keeps them in TAO.
            MarketCapTao: marketCapRao / ChainUnits.RaoPerTao,
            LiquidityTao: liquidityRao / ChainUnits.RaoPerTao,
            TaoVolume24hRao: row.Optional("tao_volume_24_hr")?.LongInRange(0, MaxRao),
            Rank: row.Optional("rank")?.IntInRange(0, (int)MaxNetuid + 1));
    }

    private TaoPriceQuote ParsePrice(PayloadNode row)
    {
        var timestamp = row.Required("last_updated").Timestamp(clock);
        return new TaoPriceQuote(
            Timestamp: timestamp,
            PriceUsd: row.Required("price").PositiveDecimal(TaoMarketBounds.MaxPriceUsd),
            MarketCapUsd: row.Optional("market_cap")?.DecimalInRange(0, TaoMarketBounds.MaxAmountUsd),
            CirculatingSupply: row.Optional("circulating_supply")?.DecimalInRange(0, TaoMarketBounds.MaxSupplyTao),
            TotalSupply: row.Optional("total_supply")?.DecimalInRange(0, TaoMarketBounds.MaxSupplyTao),
            MaxSupply: row.Optional("max_supply")?.DecimalInRange(0, TaoMarketBounds.MaxSupplyTao),
            FdvUsd: row.Optional("fully_diluted_market_cap")?.DecimalInRange(0, TaoMarketBounds.MaxAmountUsd),
            Volume24hUsd: row.Optional("volume_24h")?.DecimalInRange(0, TaoMarketBounds.MaxAmountUsd));
    }

    private static TaostatsIdentity ParseIdentity(PayloadNode row) => new(
        Netuid: (int)row.Required("netuid").LongInRange(0, MaxNetuid),
        Name: UntrustedText.Clean(row.Optional("subnet_name")?.Text(), MaxNameLength),
        GithubRepo: SafeUri(row.Optional("github_repo")),
        Contact: UntrustedText.Clean(row.Optional("subnet_contact")?.Text(), MaxTextLength),
        Website: SafeUri(row.Optional("subnet_url")),
        Discord: UntrustedText.Clean(row.Optional("discord")?.Text(), MaxTextLength),
        Description: UntrustedText.Clean(row.Optional("description")?.Text(), MaxTextLength),
        Additional: UntrustedText.Clean(row.Optional("additional")?.Text(), MaxTextLength));

    // A URL that is not plain http(s) is dropped, not rejected: identities are self-declared by subnet owners.
    private static Uri? SafeUri(PayloadNode? node) =>
        UntrustedText.SafeUrl(node?.Text(), MaxTextLength) is { } url ? new Uri(url, UriKind.Absolute) : null;

    private static string RangeQuery(DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        return string.Create(CultureInfo.InvariantCulture, $"timestamp_start={from.ToUnixTimeSeconds()}&timestamp_end={to.ToUnixTimeSeconds()}");
    }

    // A row outside the asked range means the filter was ignored; storing it would mislabel history.
    private static void CheckRange<T>(List<T> rows, Func<T, DateTimeOffset> timestamp, DateTimeOffset from, DateTimeOffset to, string endpoint)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(from.ToUnixTimeSeconds());
        var end = DateTimeOffset.FromUnixTimeSeconds(to.ToUnixTimeSeconds()).AddSeconds(1);
        for (var i = 0; i < rows.Count; i++)
        {
            var t = timestamp(rows[i]);
            if (t < start || t >= end)
            {
                throw new SourcePayloadException(string.Create(CultureInfo.InvariantCulture, $"taostats {endpoint}: row {i}: timestamp {t:O} is outside the requested range {start:O} to {end:O}"));
            }
        }
    }

    // Pages shift when rows arrive mid-read; a duplicate means the pages do not add up to one consistent list.
    private static void RejectDuplicates<T, TKey>(List<T> rows, Func<T, TKey> key, string endpoint, Func<T, string> describe)
        where TKey : notnull
    {
        var seen = new HashSet<TKey>();
        foreach (var row in rows)
        {
            if (!seen.Add(key(row)))
            {
                throw new SourcePayloadException($"taostats {endpoint}: data: duplicate row for {describe(row)}");
            }
        }
    }
}
