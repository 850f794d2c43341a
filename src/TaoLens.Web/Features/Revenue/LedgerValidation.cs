using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;

namespace TaoLens.Web.Features.Revenue;

/// <summary>
/// A ledger entry as the API, the form and the import give it. <see cref="Scope"/> is <c>subnet</c> (with
/// <see cref="Netuid"/>), <c>group</c> (with <see cref="CoversNetuids"/>) or <c>network</c>; when absent it follows
/// from which of the two is given. Realised entries cover [PeriodStart, PeriodEnd), UTC midnights, end exclusive.
/// </summary>
public sealed record RevenueEntryRequest(
    string? Scope,
    int? Netuid,
    IReadOnlyList<int>? CoversNetuids,
    string? Subject,
    string? Kind,
    DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd,
    DateTimeOffset? AsOf,
    decimal? AmountUsd,
    decimal? LowUsd,
    decimal? HighUsd,
    string? ExternalComponents,
    string? SourceName,
    string? SourceUrl,
    string? SourceKind,
    DateTimeOffset? PublishedAt,
    string? Note);

/// <summary>A dispute, or an editor's "use it anyway", with its reason.</summary>
public sealed record LedgerReasonRequest(string? Reason);

/// <summary>
/// The ledger's entry rules, one implementation for the form, the API and the import: the engine's rules
/// (<see cref="RevenueEntryRules"/>: whole UTC days, low ≤ amount ≤ high, a date and an amount) plus the ledger's own
/// (a source, http/https links, a subject the claim is about, text caps). Messages name the field and what is needed.
/// </summary>
public static class LedgerValidation
{
    public const string SourceRequired = "A source is required: who published the figure.";
    public const string SourceUrlScheme = "The source link must be an http or https address.";
    public const string GroupNeedsSubnets = "A group claim names its subnets: at least two netuids in coversNetuids.";
    public const string SubjectUnclear = "Say what the claim is about: a netuid, the subnets of a group claim (coversNetuids), or scope network.";
    public const string OneSubject = "A claim is about one subnet (netuid), a group (coversNetuids) or the network, not more than one.";
    public const string KindRequired = "kind is realised (revenue over a period) or run-rate (annualised, as of a date).";
    public const string ReasonRequired = "Give the reason.";

    public static readonly IReadOnlyList<string> SourceKindNames = ["audited", "self-reported", "third-party", "on-chain", "analyst-estimate"];

    public static string SourceKindRequired { get; } = $"sourceKind is one of: {string.Join(", ", SourceKindNames)}.";

    /// <summary>The API's and pages' name of a kind.</summary>
    public static string KindName(RevenueEntryKind kind) => kind == RevenueEntryKind.RunRate ? "run-rate" : "realised";

    public static string SourceKindName(RevenueSourceType kind) => kind switch
    {
        RevenueSourceType.Audited => "audited",
        RevenueSourceType.SelfReported => "self-reported",
        RevenueSourceType.ThirdParty => "third-party",
        RevenueSourceType.OnChain => "on-chain",
        _ => "analyst-estimate",
    };

    /// <summary><c>realised</c> or <c>run-rate</c> (also the stored names, any case, with or without the hyphen).</summary>
    public static RevenueEntryKind? ParseKind(string? text) => Compact(text) switch
    {
        "realised" or "realized" => RevenueEntryKind.Realised,
        "runrate" => RevenueEntryKind.RunRate,
        _ => null,
    };

    public static RevenueSourceType? ParseSourceKind(string? text) => Compact(text) switch
    {
        "audited" => RevenueSourceType.Audited,
        "selfreported" => RevenueSourceType.SelfReported,
        "thirdparty" => RevenueSourceType.ThirdParty,
        "onchain" => RevenueSourceType.OnChain,
        "analystestimate" => RevenueSourceType.AnalystEstimate,
        _ => null,
    };

    public static string TooLong(string field, int max) => $"{field} is at most {max} characters.";

    /// <summary>
    /// Checks a request and, when it is valid, builds the entry (cleaned text, author not yet set).
    /// <paramref name="subnets"/> are the netuids in the subnets table, with their names.
    /// </summary>
    public static (RevenueEntry? Entry, Dictionary<string, string[]> Errors) Check(RevenueEntryRequest request, IReadOnlyDictionary<int, string> subnets)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subnets);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message)
        {
            if (!errors.ContainsKey(field))
            {
                errors[field] = [message];
            }
        }

        var kind = ParseKind(request.Kind);
        if (kind is null)
        {
            Fail("kind", KindRequired);
        }

        var sourceKind = ParseSourceKind(request.SourceKind);
        if (sourceKind is null)
        {
            Fail("sourceKind", SourceKindRequired);
        }

        var (netuid, covers, defaultSubject) = CheckSubject(request, subnets, Fail);
        var subject = Text(request.Subject, "subject", RevenueEntry.SubjectMaxLength, Fail) ?? defaultSubject;
        var sourceName = Text(request.SourceName, "sourceName", RevenueEntry.SubjectMaxLength * 2, Fail);
        if (sourceName is null && !errors.ContainsKey("sourceName"))
        {
            Fail("sourceName", SourceRequired);
        }

        var sourceUrl = Text(request.SourceUrl, "sourceUrl", RevenueEntry.UrlMaxLength, Fail);
        if (sourceUrl is not null && UntrustedText.SafeUrl(sourceUrl, RevenueEntry.UrlMaxLength) is null)
        {
            Fail("sourceUrl", SourceUrlScheme);
        }

        var external = Text(request.ExternalComponents, "externalComponents", RevenueEntry.TextMaxLength, Fail);
        var note = Text(request.Note, "note", RevenueEntry.TextMaxLength, Fail);

        if (kind is { } k)
        {
            // The engine's own rules, on the entry exactly as it will be stored.
            var input = new RevenueEntryInput(0, netuid, k, sourceKind ?? RevenueSourceType.AnalystEstimate)
            {
                PeriodStart = k == RevenueEntryKind.Realised ? request.PeriodStart : null,
                PeriodEnd = k == RevenueEntryKind.Realised ? request.PeriodEnd : null,
                AsOf = k == RevenueEntryKind.RunRate ? request.AsOf : null,
                AmountUsd = request.AmountUsd,
                LowUsd = request.LowUsd,
                HighUsd = request.HighUsd,
            };
            foreach (var error in RevenueEntryRules.Check(input))
            {
                Fail(error.Field, error.Message);
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new RevenueEntry
        {
            Netuid = netuid,
            CoversNetuids = covers,
            Subject = subject ?? "",
            Kind = kind!.Value,
            PeriodStart = kind == RevenueEntryKind.Realised ? request.PeriodStart!.Value.ToUniversalTime() : null,
            PeriodEnd = kind == RevenueEntryKind.Realised ? request.PeriodEnd!.Value.ToUniversalTime() : null,
            AsOf = kind == RevenueEntryKind.RunRate ? request.AsOf!.Value.ToUniversalTime() : null,
            AmountUsd = request.AmountUsd,
            LowUsd = request.LowUsd,
            HighUsd = request.HighUsd,
            ExternalComponents = external,
            SourceName = sourceName!,
            SourceUrl = sourceUrl,
            SourceKind = sourceKind!.Value,
            PublishedAt = request.PublishedAt?.ToUniversalTime(),
            Note = note,
        }, errors);
    }

    /// <summary>A dispute's or override's reason: required, cleaned, capped.</summary>
    public static (string? Reason, Dictionary<string, string[]> Errors) CheckReason(string? reason)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var text = Text(reason, "reason", RevenueEntry.TextMaxLength, (f, m) => errors[f] = [m]);
        if (text is null && errors.Count == 0)
        {
            errors["reason"] = [ReasonRequired];
        }

        return (errors.Count == 0 ? text : null, errors);
    }

    private static (int? Netuid, int[]? Covers, string? Subject) CheckSubject(RevenueEntryRequest request, IReadOnlyDictionary<int, string> subnets, Action<string, string> fail)
    {
        var covers = request.CoversNetuids is { Count: > 0 } list ? list.Distinct().Order().ToArray() : null;
        var scope = Compact(request.Scope) switch
        {
            null => request.Netuid is not null ? "subnet" : covers is not null ? "group" : null,
            var s => s,
        };
        switch (scope)
        {
            case "subnet" when covers is not null:
            case "group" when request.Netuid is not null:
            case "network" when request.Netuid is not null || covers is not null:
                fail("scope", OneSubject);
                return (null, null, null);
            case "subnet":
                if (request.Netuid is not { } netuid)
                {
                    fail("netuid", SubjectUnclear);
                    return (null, null, null);
                }

                if (!subnets.TryGetValue(netuid, out var name))
                {
                    fail("netuid", $"There is no subnet {netuid}.");
                    return (null, null, null);
                }

                return (netuid, null, name);
            case "group":
                if (covers is not { Length: >= 2 })
                {
                    fail("coversNetuids", GroupNeedsSubnets);
                    return (null, null, null);
                }

                foreach (var member in covers.Where(n => !subnets.ContainsKey(n)).Take(1))
                {
                    fail("coversNetuids", $"There is no subnet {member}.");
                    return (null, null, null);
                }

                return (null, covers, "Subnets " + string.Join(", ", covers));
            case "network":
                return (null, null, "Bittensor network");
            case null:
                fail("netuid", SubjectUnclear);
                return (null, null, null);
            default:
                fail("scope", "scope is subnet, group or network.");
                return (null, null, null);
        }
    }

    // Cleaned (control and bidi characters out); too long is refused rather than cut, so nothing typed is lost unseen.
    private static string? Text(string? value, string field, int max, Action<string, string> fail)
    {
        var cleaned = UntrustedText.Clean(value, int.MaxValue);
        if (cleaned is not null && cleaned.Length > max)
        {
            fail(field, TooLong(field, max));
            return null;
        }

        return cleaned;
    }

    private static string? Compact(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
