using System.Text.Json.Nodes;
using TaoLens.Ingestion.Tests.Fixtures;

namespace TaoLens.Ingestion.Tests.Replay;

/// <summary>
/// The recorded upstream payloads in Fixtures/upstream-samples (real Taostats examples; CoinGecko's bitcoin
/// examples; see PROVENANCE.md there), each returned as a fresh mutable copy so a test can rename or break one field.
/// </summary>
public static class UpstreamSamples
{
    private static readonly Lazy<JsonNode> TaostatsSpec = new(() => Load("taostats_examples.json"));
    private static readonly Lazy<JsonNode> CoinGeckoSpec = new(() => Load("coingecko_examples.json"));

    /// <summary>The recorded 200 body of a Taostats endpoint, e.g. <c>/api/price/latest/v1</c>.</summary>
    public static JsonObject Taostats(string endpoint) =>
        TaostatsSpec.Value[endpoint]!["example_200_truncated_to_3_items"]!.DeepClone().AsObject();

    /// <summary>CoinGecko's recorded 200 body of a path, e.g. <c>/coins/{id}</c> (bitcoin).</summary>
    public static JsonObject CoinGecko(string path) =>
        CoinGeckoSpec.Value["paths"]![path]!["example_200"]!.DeepClone().AsObject();

    /// <summary>
    /// A TAO-shaped <c>/coins/bittensor</c> body: CoinGecko's recorded bitcoin example with identity and the USD
    /// market data swapped for TAO figures of 2025-11-20 (the same moment as the Taostats price sample).
    /// </summary>
    public static JsonObject CoinGeckoTao()
    {
        var coin = CoinGecko("/coins/{id}");
        coin["id"] = "bittensor";
        coin["symbol"] = "tao";
        coin["name"] = "Bittensor";
        coin["web_slug"] = "bittensor";
        coin["last_updated"] = "2025-11-20T15:28:40.120Z";
        var market = coin["market_data"]!.AsObject();
        market["current_price"]!["usd"] = 322.13;
        market["market_cap"]!["usd"] = 3331036762;
        market["fully_diluted_valuation"]!["usd"] = 6764616983;
        market["total_volume"]!["usd"] = 230294320.887392;
        market["circulating_supply"] = 10340832.6260981;
        market["total_supply"] = 21000000.0;
        market["max_supply"] = 21000000.0;
        market["last_updated"] = "2025-11-20T15:28:00.000Z";
        return coin;
    }

    private static JsonNode Load(string file) =>
        JsonNode.Parse(Fixture.Read("upstream-samples", file))!;
}
