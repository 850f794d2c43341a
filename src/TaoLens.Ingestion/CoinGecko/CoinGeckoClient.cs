using System.Globalization;
using Microsoft.Extensions.Options;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Sources.Json;

namespace TaoLens.Ingestion.CoinGecko;

/// <summary>
/// Typed client for CoinGecko's TAO (<c>bittensor</c>) market data (docs/data-sources.md section 4).
/// Works without a key; with one, the header is chosen by host: <c>x-cg-pro-api-key</c> on pro-api.coingecko.com,
/// <c>x-cg-demo-api-key</c> anywhere else (a demo key on the pro root, or the reverse, is refused by CoinGecko).
/// </summary>
public sealed class CoinGeckoClient(HttpClient http, IOptions<CoinGeckoOptions> options, TimeProvider clock)
{
    public const string CoinId = "bittensor";

    private const string CoinPath = "coins/" + CoinId;
    private const string ChartPath = "coins/" + CoinId + "/market_chart/range";

    private readonly CoinGeckoOptions _options = options.Value;

    /// <summary>TAO's current USD market from <c>/coins/bittensor</c>.</summary>
    public async Task<TaoPriceQuote> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        const string Source = "coingecko /" + CoinPath;
        var uri = new Uri(CoinPath + "?localization=false&tickers=false&market_data=true&community_data=false&developer_data=false&sparkline=false", UriKind.Relative);
        using var document = await SourceHttp.GetJsonAsync(http, uri, Source, AddKey, cancellationToken);
        var root = PayloadNode.Root(document, Source);
        var id = root.Required("id");
        if (id.Text() != CoinId)
        {
            throw id.Fail($"expected '{CoinId}'");
        }

        var market = root.Required("market_data");
        // market_data.last_updated is when the numbers were taken; the top-level one is a fallback.
        var timestamp = (market.Optional("last_updated") ?? root.Required("last_updated")).Timestamp(clock);
        return new TaoPriceQuote(
            Timestamp: timestamp,
            PriceUsd: market.Required("current_price").Required("usd").PositiveDecimal(TaoMarketBounds.MaxPriceUsd),
            MarketCapUsd: UsdAmount(market, "market_cap"),
            CirculatingSupply: market.Optional("circulating_supply")?.DecimalInRange(0, TaoMarketBounds.MaxSupplyTao),
            TotalSupply: market.Optional("total_supply")?.DecimalInRange(0, TaoMarketBounds.MaxSupplyTao),
            MaxSupply: market.Optional("max_supply")?.DecimalInRange(0, TaoMarketBounds.MaxSupplyTao),
            FdvUsd: UsdAmount(market, "fully_diluted_valuation"),
            Volume24hUsd: UsdAmount(market, "total_volume"));
    }

    /// <summary>
    /// One quote per UTC day from <c>/coins/bittensor/market_chart/range</c> over [<paramref name="from"/>, <paramref name="to"/>],
    /// oldest first. Each day's quote is the day's last price point (for ranges over 90 days CoinGecko gives one
    /// 00:00 UTC point a day, so that point; for shorter ranges the last hourly point), with market cap and volume
    /// taken at the same timestamp (null when CoinGecko has none there). Supplies are not in this endpoint.
    /// </summary>
    public async Task<IReadOnlyList<TaoPriceQuote>> GetDailyHistoryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        const string Source = "coingecko /" + ChartPath;
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{ChartPath}?vs_currency=usd&from={from.ToUnixTimeSeconds()}&to={to.ToUnixTimeSeconds()}"), UriKind.Relative);
        using var document = await SourceHttp.GetJsonAsync(http, uri, Source, AddKey, cancellationToken);
        var root = PayloadNode.Root(document, Source);
        var prices = ReadSeries(root.Required("prices"), TaoMarketBounds.MaxPriceUsd, positive: true);
        var marketCaps = ReadSeries(root.Required("market_caps"), TaoMarketBounds.MaxAmountUsd, positive: false);
        var volumes = ReadSeries(root.Required("total_volumes"), TaoMarketBounds.MaxAmountUsd, positive: false);

        return [.. prices
            .GroupBy(p => DateOnly.FromDateTime(p.Key.UtcDateTime))
            .OrderBy(day => day.Key)
            .Select(day => day.MaxBy(p => p.Key))
            .Select(p => new TaoPriceQuote(
                Timestamp: p.Key,
                PriceUsd: p.Value!.Value,
                MarketCapUsd: marketCaps.GetValueOrDefault(p.Key),
                CirculatingSupply: null,
                TotalSupply: null,
                MaxSupply: null,
                FdvUsd: null,
                Volume24hUsd: volumes.GetValueOrDefault(p.Key)))];
    }

    /// <summary>The key header for a base URL: pro keys only work on the pro host, demo keys everywhere else.</summary>
    public static string KeyHeaderFor(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.Host.StartsWith("pro-api.", StringComparison.OrdinalIgnoreCase) ? "x-cg-pro-api-key" : "x-cg-demo-api-key";
    }

    private void AddKey(HttpRequestMessage request)
    {
        if (!string.IsNullOrWhiteSpace(_options.ApiKey))
        {
            request.Headers.TryAddWithoutValidation(KeyHeaderFor(_options.BaseUrl), _options.ApiKey.Trim());
        }
    }

    private static decimal? UsdAmount(PayloadNode market, string name) =>
        market.Optional(name)?.Optional("usd")?.DecimalInRange(0, TaoMarketBounds.MaxAmountUsd);

    /// <summary>Reads <c>[[ms, value], ...]</c>; a null value (CoinGecko has gaps in caps and volumes) is kept as null.</summary>
    private Dictionary<DateTimeOffset, decimal?> ReadSeries(PayloadNode series, decimal max, bool positive)
    {
        var points = new Dictionary<DateTimeOffset, decimal?>();
        foreach (var point in series.Items())
        {
            var pair = point.Items();
            if (pair.Count != 2)
            {
                throw point.Fail(string.Create(CultureInfo.InvariantCulture, $"expected [timestamp_ms, value], got {pair.Count} elements"));
            }

            var timestamp = pair[0].UnixMilliseconds(clock);
            decimal? value = pair[1].Kind == System.Text.Json.JsonValueKind.Null ? null
                : positive ? pair[1].PositiveDecimal(max) : pair[1].DecimalInRange(0, max);
            if (value is null && positive)
            {
                throw pair[1].Fail("null");
            }

            if (!points.TryAdd(timestamp, value))
            {
                throw pair[0].Fail(string.Create(CultureInfo.InvariantCulture, $"duplicate timestamp {timestamp:O}"));
            }
        }

        return points;
    }
}
