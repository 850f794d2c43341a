namespace TaoLens.Ingestion.Chain;

/// <summary>Which <c>SubnetIdentity</c> layout a DynamicInfo payload carries.</summary>
public enum IdentityVersion
{
    /// <summary>
    /// Decode the whole payload as V3; if that fails or does not consume exactly every byte, decode it as V2;
    /// if V2 fails too, the V3 error is reported. A V2 payload with identities practically never fits V3 exactly; without
    /// identities both layouts read the same bytes the same way. The probe cannot tell a V3 payload cut short by a few bytes from a V2 one when the
    /// cut happens to fit the V2 layout; pass the version explicitly when the runtime is known.
    /// </summary>
    Auto = 0,

    /// <summary>Runtimes before the 2025-06-30 merge: no <c>logo_url</c>.</summary>
    V2 = 2,

    /// <summary>Current runtimes: <c>logo_url</c> between <c>description</c> and <c>additional</c>.</summary>
    V3 = 3,
}

/// <summary>
/// One subnet's <c>DynamicInfo</c> as the runtime API returns it. Amounts are integers: rao for TAO,
/// alpha-rao (1e-9 alpha) for alpha. Text fields are cleaned, capped, untrusted data.
/// </summary>
public sealed record DynamicInfo(
    ushort Netuid,
    string OwnerHotkey,
    string OwnerColdkey,
    string? Name,
    string? Symbol,
    ushort Tempo,
    long LastStep,
    long BlocksSinceLastStep,
    long Emission,
    long AlphaIn,
    long AlphaOut,
    long TaoIn,
    long AlphaOutEmission,
    long AlphaInEmission,
    long TaoInEmission,
    long PendingAlphaEmission,
    long PendingRootEmission,
    UInt128 SubnetVolume,
    long NetworkRegisteredAt,
    SubnetIdentity? Identity,
    Int128 MovingPriceBits)
{
    /// <summary>I96F32 moving price in TAO per alpha: bits / 2^32, as exact as decimal's 28 digits allow.</summary>
    public decimal MovingPrice => DynamicInfoDecoder.I96F32ToDecimal(MovingPriceBits);
}

/// <summary>Owner-set subnet identity; every field is untrusted text, URLs are http(s) or null. <see cref="LogoUrl"/> is null in V2.</summary>
public sealed record SubnetIdentity(
    string? Name,
    string? GithubRepo,
    string? Contact,
    string? Url,
    string? Discord,
    string? Description,
    string? LogoUrl,
    string? Additional);

/// <summary>The decoded vector and the identity layout that fit it.</summary>
public sealed record DynamicInfoList(IReadOnlyList<DynamicInfo?> Entries, IdentityVersion Version);
