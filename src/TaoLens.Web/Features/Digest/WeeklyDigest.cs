using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// One recipient's weekly digest: what the mail and the <c>/digest</c> page show, built by <see cref="DigestComposer"/>.
/// Links are absolute. Names (subnets, views) are untrusted text, capped here and encoded by the renderers.
/// </summary>
public sealed record WeeklyDigest(
    DateOnly? AsOf,
    DateOnly? WeekAgo,
    DigestHeadline Headline,
    IReadOnlyList<DigestSection> Sections,
    IReadOnlyList<DigestMover> Movers,
    IReadOnlyList<DigestLedgerEntry> Ledger,
    IReadOnlyList<DigestSourceProblem> Sources,
    string PreferencesUrl)
{
    /// <summary>The recipient's one-click unsubscribe link, set by the sender; null on the preview page.</summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary>"Week to 2025-10-27", or why there is no week to show.</summary>
    public string Title => AsOf is { } day ? $"TaoLens weekly digest: the week to {ValuationParameters.Text(day)}" : "TaoLens weekly digest: no data yet";
}

/// <summary>A figure on the as-of day and its change since the same day a week before (docs/metrics.md, "Week-over-week change").</summary>
public sealed record DigestLine(string Label, string Unit, Figure Now, Figure WeekAgo, Figure Change, Figure ChangePercent)
{
    public static DigestLine Of(string label, string unit, in Metric now, in Metric weekAgo)
    {
        var change = Changes.Between(now, weekAgo);
        return new DigestLine(label, unit, Figure.From(now), Figure.From(weekAgo), Figure.From(change.Absolute), Figure.From(change.Percent));
    }

    public string NowText => FigureFormat.Text(Now, Unit);

    public string ChangeText => FigureFormat.Change(Change, ChangePercent, Unit);

    /// <summary>The notes of the figure in words, or null.</summary>
    public string? NoteText => Now.NoteWords();
}

/// <summary>The network headline: always in every digest.</summary>
public sealed record DigestHeadline(IReadOnlyList<DigestLine> Lines, string? WindowLabel, string Url);

/// <summary>One followed view or watchlist, with the filters it applies printed.</summary>
public sealed record DigestSection(string Name, string Filters, string? WindowLabel, string Url, IReadOnlyList<DigestSubnet> Subnets, int More, string? Note);

/// <summary>One subnet of a section; <see cref="Trend"/> is a text sparkline of the subsidy per day over the week.</summary>
public sealed record DigestSubnet(int Netuid, string Name, string Url, DigestLine Subsidy, DigestLine Revenue, DigestLine SubsidyToRevenue, DigestLine PriceToSales, string Trend);

/// <summary>A followed subnet among the week's largest moves in annualised subsidy.</summary>
public sealed record DigestMover(int Netuid, string Name, string Url, DigestLine Subsidy);

/// <summary>A ledger entry entered this week: new, or a correction of an earlier one.</summary>
public sealed record DigestLedgerEntry(string Subject, string What, string Amount, DateTimeOffset EnteredAt, string Url);

/// <summary>A source that is failing or has not brought new data for a while.</summary>
public sealed record DigestSourceProblem(string Source, string Problem);
