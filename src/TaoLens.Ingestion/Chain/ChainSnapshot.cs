namespace TaoLens.Ingestion.Chain;

/// <summary>Everything one chain run reads, all at one block.</summary>
/// <param name="BlockNumber">The block read.</param>
/// <param name="BlockHash">Its hash (0x hex).</param>
/// <param name="Timestamp">Its <c>Timestamp.Now</c>, UTC.</param>
/// <param name="IdentityVersion">The subnet identity layout that decoded the payload.</param>
/// <param name="Subnets">Existing subnets (None slots dropped), root (netuid 0) included.</param>
/// <param name="AlphaPrices">TAO per alpha by netuid; a subnet whose price cannot be computed (alpha_in 0 and no API) is absent.</param>
/// <param name="ExcessTaoRao">
/// <c>SubnetExcessTao</c> by netuid in rao per block; null for every netuid when no subnet has a stored value
/// (the runtime predates the item), 0 for a netuid without a value when others have one (the map's default).
/// </param>
public sealed record ChainSnapshot(
    long BlockNumber,
    string BlockHash,
    DateTimeOffset Timestamp,
    IdentityVersion IdentityVersion,
    IReadOnlyList<DynamicInfo> Subnets,
    IReadOnlyDictionary<ushort, AlphaPrice> AlphaPrices,
    IReadOnlyDictionary<ushort, long?> ExcessTaoRao);

/// <summary>A block's number, hash and parent.</summary>
public sealed record BlockHeader(long Number, string Hash, string ParentHash);

/// <summary>Alpha price in TAO per alpha and where it came from.</summary>
public sealed record AlphaPrice(decimal TaoPerAlpha, AlphaPriceSource Source);

public enum AlphaPriceSource
{
    /// <summary><c>SwapRuntimeApi_current_alpha_price_all</c> (runtimes from about 2026-03).</summary>
    CurrentAlphaPriceAll,

    /// <summary><c>SwapRuntimeApi_current_alpha_price</c> per netuid (runtimes from 2025-06-30).</summary>
    CurrentAlphaPrice,

    /// <summary><c>tao_in / alpha_in</c> from DynamicInfo: exact only for the constant-product pools before 2025-06-30.</summary>
    ReserveRatio,

    /// <summary>Root (netuid 0) is not a dynamic subnet: one alpha is one TAO.</summary>
    RootUnit,
}
