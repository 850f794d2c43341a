using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Revenue;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Accounts;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Revenue;

/// <summary>
/// One ledger entry as the ledger page and <c>GET /api/v1/revenue</c> show it. <see cref="Status"/> is
/// <c>current</c>, <c>stale</c> (its as-of day is more than the stale threshold before the latest data day),
/// <c>disputed</c> (set aside: not used in multiples) or <c>corrected</c> (restated by <see cref="CorrectedById"/>).
/// <see cref="Counts"/> says whether the multiples may use it. <see cref="History"/> lists the figures it restated, newest first.
/// </summary>
public sealed record LedgerEntryView(
    long Id,
    string Scope,
    int? Netuid,
    string? SubnetName,
    IReadOnlyList<int>? CoversNetuids,
    string Subject,
    string Kind,
    DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd,
    DateTimeOffset? AsOf,
    DateOnly AsOfDay,
    decimal? AmountUsd,
    decimal? LowUsd,
    decimal? HighUsd,
    string? ExternalComponents,
    string SourceName,
    string? SourceUrl,
    string SourceKind,
    DateTimeOffset? PublishedAt,
    string? Note,
    string EnteredBy,
    DateTimeOffset EnteredAt,
    bool IsReferenceData,
    long? CorrectsId,
    long? CorrectedById,
    string Status,
    bool Counts,
    LedgerDisputeView? Dispute,
    IReadOnlyList<LedgerRestatement> History);

/// <summary>Who disputed an entry and why; and, when an editor said to use it anyway, who and when.</summary>
public sealed record LedgerDisputeView(string Reason, string By, DateTimeOffset At, string? UseAnywayBy, DateTimeOffset? UseAnywayAt);

/// <summary>"Restated on <see cref="RestatedAt"/> by <see cref="RestatedBy"/>, was <see cref="AmountUsd"/>": one earlier figure of an entry.</summary>
public sealed record LedgerRestatement(long Id, decimal? AmountUsd, decimal? LowUsd, decimal? HighUsd, string SourceName, string EnteredBy, DateTimeOffset EnteredAt, DateTimeOffset RestatedAt, string RestatedBy);

/// <summary>The ledger's filters; every one optional. <see cref="Status"/> is current, stale or disputed.</summary>
public sealed record LedgerFilter(int? Netuid = null, RevenueEntryKind? Kind = null, RevenueSourceType? SourceKind = null, string? Status = null, string? EnteredBy = null);

/// <summary>
/// The revenue ledger: the one implementation behind <c>/api/v1/revenue</c> and the <c>/revenue</c> page. The ledger
/// belongs to the instance: anyone who may read the site reads it; an editor or admin of any team, or the instance
/// admin, writes it; a team's viewer is refused (403), and someone in no team gets the 404 of an entry that does not
/// exist, as an object outside one's teams answers. Entries are never edited: a correction is a new entry naming the
/// one it restates, and a dispute or an editor's "use it anyway" is recorded on the entry with who and when. Valuations are cached per database
/// snapshot (<see cref="ValuationCache"/>), so a committed write changes the next request's multiples.
/// </summary>
public sealed class RevenueLedger(TaoLensDbContext db, ValuationQuery valuation, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Statuses = ["current", "stale", "disputed"];

    private static readonly Refusal s_noEntry = Refusal.NotFound("There is no such ledger entry.");
    private static readonly Refusal s_notEditor = Refusal.Forbidden("Only editors and admins of a team, and the instance admin, can change the revenue ledger.");
    private static readonly Refusal s_signedOut = new(StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in to change the revenue ledger.");

    /// <summary>
    /// The entries that have not been restated (each with its history), filtered, newest as-of first. A signed-out
    /// <paramref name="reader"/> sees every person as "an editor" (<see cref="ShownAuthor"/>).
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntryView>> ListAsync(LedgerFilter filter, ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // The ledger is curated by hand (hundreds of rows): read whole, so history and status come from one read.
        var all = await LoadAsync(reader, cancellationToken);
        var by = filter.EnteredBy?.Trim();
        return [.. all.Where(e => e.CorrectedById is null
                && (filter.Netuid is null || e.Netuid == filter.Netuid || (e.CoversNetuids?.Contains(filter.Netuid.Value) ?? false))
                && (filter.Kind is null || e.Kind == LedgerValidation.KindName(filter.Kind.Value))
                && (filter.SourceKind is null || e.SourceKind == LedgerValidation.SourceKindName(filter.SourceKind.Value))
                && (filter.Status is null || e.Status == filter.Status)
                && (string.IsNullOrEmpty(by) || string.Equals(e.EnteredBy, by, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>One entry, restated or not.</summary>
    public async Task<Outcome<LedgerEntryView>> GetAsync(long id, ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        var all = await LoadAsync(reader, cancellationToken);
        return all.FirstOrDefault(e => e.Id == id) is { } entry ? entry : s_noEntry;
    }

    /// <summary>Who has entered entries, for the page's filter; none for a signed-out reader, who sees no names.</summary>
    public async Task<IReadOnlyList<string>> AuthorsAsync(ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.UserId() is null ? []
            : await db.RevenueEntries.AsNoTracking().Select(e => e.EnteredBy).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// An author as a reader may see it: people are named by their account's email, which a signed-out reader (an
    /// instance open to anonymous reading) is not shown; names that are not addresses (the reference data) stay.
    /// </summary>
    public static string ShownAuthor(string author, bool signedIn)
    {
        ArgumentNullException.ThrowIfNull(author);
        return signedIn || !author.Contains('@', StringComparison.Ordinal) ? author : "an editor";
    }

    /// <summary>The subnets an entry may name, with their names.</summary>
    public async Task<IReadOnlyDictionary<int, string>> SubnetsAsync(CancellationToken cancellationToken) =>
        await db.Subnets.AsNoTracking().OrderBy(s => s.Netuid).ToDictionaryAsync(s => s.Netuid, s => s.Name ?? $"Subnet {s.Netuid}", cancellationToken);

    /// <summary>Whether the caller may write the ledger: an editor or admin in some team, or the instance admin.</summary>
    public async Task<bool> CanWriteAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await WriteRefusalAsync(user, cancellationToken) is null;

    /// <summary>
    /// Why the caller may not write, or null when they may (the one rule every write and form asks): signed out 401; a
    /// read-only token or a team's viewer 403; a person in no team (not the instance admin) the 404 of a missing entry.
    /// </summary>
    public async Task<Refusal?> WriteRefusalAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.UserId() is not { } id)
        {
            return s_signedOut;
        }

        if (user.HasClaim(AccountClaims.TokenScope, AccountClaims.ReadScope))
        {
            return s_notEditor;
        }

        if (await PersonalAccessTokens.CanWriteAsync(db, id, cancellationToken))
        {
            return null;
        }

        return await db.TeamMemberships.AnyAsync(m => m.UserId == id, cancellationToken) ? s_notEditor : s_noEntry;
    }

    public async Task<Outcome<LedgerEntryView>> AddAsync(ClaimsPrincipal user, RevenueEntryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await AuthorAsync(user, cancellationToken);
        if (caller.Value is not { } author)
        {
            return caller.Refusal!;
        }

        var (entry, errors) = LedgerValidation.Check(request, await SubnetsAsync(cancellationToken));
        return entry is null ? Refusal.Invalid(errors) : await SaveAsync(entry, author, user, cancellationToken);
    }

    /// <summary>
    /// Restates <paramref name="id"/>: a new entry about the same subject (the request's netuid, group and subject are
    /// ignored), linked to it; the old one stops counting and stays in the new one's history.
    /// </summary>
    public async Task<Outcome<LedgerEntryView>> CorrectAsync(ClaimsPrincipal user, long id, RevenueEntryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await AuthorAsync(user, cancellationToken);
        if (caller.Value is not { } author)
        {
            return caller.Refusal!;
        }

        var old = await db.RevenueEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (old is null)
        {
            return s_noEntry;
        }

        if (await db.RevenueEntries.AsNoTracking().Where(e => e.CorrectsId == id).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken) is { } newer)
        {
            return Refusal.Conflict($"Entry {id} was already restated by entry {newer}: correct entry {newer} instead.");
        }

        var scope = ScopeOf(old);
        var (entry, errors) = LedgerValidation.Check(
            request with { Scope = scope, Netuid = old.Netuid, CoversNetuids = old.CoversNetuids, Subject = old.Subject },
            await SubnetsAsync(cancellationToken));
        if (entry is null)
        {
            return Refusal.Invalid(errors);
        }

        entry.CorrectsId = id;
        return await SaveAsync(entry, author, user, cancellationToken);
    }

    /// <summary>Marks an entry disputed, with the reason: it is shown, and no multiple uses it until an editor says to.</summary>
    public async Task<Outcome<LedgerEntryView>> DisputeAsync(ClaimsPrincipal user, long id, string? reason, CancellationToken cancellationToken)
    {
        var caller = await AuthorAsync(user, cancellationToken);
        if (caller.Value is not { } author)
        {
            return caller.Refusal!;
        }

        var (text, errors) = LedgerValidation.CheckReason(reason);
        if (text is null)
        {
            return Refusal.Invalid(errors);
        }

        var now = time.GetUtcNow();
        // A new dispute replaces the old one and withdraws any "use it anyway".
        var changed = await db.RevenueEntries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.DisputedAt, now).SetProperty(e => e.DisputedBy, author.Name).SetProperty(e => e.DisputedById, author.Id)
            .SetProperty(e => e.DisputeReason, text)
            .SetProperty(e => e.UseAnywayAt, (DateTimeOffset?)null).SetProperty(e => e.UseAnywayBy, (string?)null).SetProperty(e => e.UseAnywayById, (Guid?)null),
            cancellationToken);
        return changed == 0 ? s_noEntry : await GetAsync(id, user, cancellationToken);
    }

    /// <summary>An editor's "use it anyway": the disputed entry counts again; the dispute stays shown.</summary>
    public async Task<Outcome<LedgerEntryView>> UseAnywayAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken)
    {
        var caller = await AuthorAsync(user, cancellationToken);
        if (caller.Value is not { } author)
        {
            return caller.Refusal!;
        }

        var disputed = await db.RevenueEntries.AsNoTracking().Where(e => e.Id == id).Select(e => (bool?)(e.DisputedAt != null)).SingleOrDefaultAsync(cancellationToken);
        if (disputed is null)
        {
            return s_noEntry;
        }

        if (disputed == false)
        {
            return Refusal.Conflict($"Entry {id} is not disputed: it already counts.");
        }

        var now = time.GetUtcNow();
        await db.RevenueEntries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.UseAnywayAt, now).SetProperty(e => e.UseAnywayBy, author.Name).SetProperty(e => e.UseAnywayById, author.Id), cancellationToken);
        return await GetAsync(id, user, cancellationToken);
    }

    internal sealed record Author(Guid Id, string Name);

    // The caller when they may write; their name is their account's email, read now (a token's claims may be older).
    internal async Task<Outcome<Author>> AuthorAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await WriteRefusalAsync(user, cancellationToken) is { } refused)
        {
            return refused;
        }

        var id = user.RequiredUserId();
        var email = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.Email).SingleAsync(cancellationToken);
        return new Author(id, email ?? id.ToString());
    }

    private async Task<Outcome<LedgerEntryView>> SaveAsync(RevenueEntry entry, Author author, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        entry.EnteredBy = author.Name;
        entry.EnteredById = author.Id;
        entry.EnteredAt = time.GetUtcNow();
        db.RevenueEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Refusal.Conflict("The ledger already has this entry: the same subject, kind, dates and source"
                + (entry.CorrectsId is { } c ? $", correcting entry {c}." : ". To change its figure, correct that entry."));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            // A subnet or a corrected entry removed between the check and the write.
            db.ChangeTracker.Clear();
            return Refusal.Conflict("The subnet or entry this one refers to is gone; reload and try again.");
        }

        return await GetAsync(entry.Id, user, cancellationToken);
    }

    private async Task<List<LedgerEntryView>> LoadAsync(ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signedIn = reader.UserId() is not null;
        var rows = await db.RevenueEntries.AsNoTracking().ToListAsync(cancellationToken);
        var names = await db.Subnets.AsNoTracking().ToDictionaryAsync(s => s.Netuid, s => s.Name, cancellationToken);
        var latest = await valuation.LatestDayAsync(cancellationToken) ?? Core.Valuation.DailyRollup.UtcDay(time.GetUtcNow());
        var staleAfter = ValuationOptions.Default.StaleAfterDays;
        var byId = rows.ToDictionary(r => r.Id);
        var correctedBy = new Dictionary<long, RevenueEntry>();
        foreach (var row in rows)
        {
            if (row.CorrectsId is { } target)
            {
                correctedBy[target] = row;
            }
        }

        return [.. rows.Select(row => View(row, names, byId, correctedBy, latest, staleAfter, signedIn))
            .OrderByDescending(v => v.AsOfDay).ThenByDescending(v => v.EnteredAt).ThenByDescending(v => v.Id)];
    }

    private static string ScopeOf(RevenueEntry e) => e.Netuid is not null ? "subnet" : e.CoversNetuids is not null ? "group" : "network";

    private static LedgerEntryView View(
        RevenueEntry e, Dictionary<int, string?> names, Dictionary<long, RevenueEntry> byId, Dictionary<long, RevenueEntry> correctedBy, DateOnly latest, int staleAfter, bool signedIn)
    {
        string Shown(string author) => ShownAuthor(author, signedIn);

        var asOfDay = e.Kind == RevenueEntryKind.RunRate && e.AsOf is { } asOf ? DailyRollup.UtcDay(asOf)
            : e.PeriodEnd is { } end ? DailyRollup.UtcDay(end.AddTicks(-1))
            : DailyRollup.UtcDay(e.EnteredAt);
        var corrected = correctedBy.GetValueOrDefault(e.Id);
        var setAside = e.DisputedAt is not null && e.UseAnywayAt is null;
        var status = corrected is not null ? "corrected"
            : setAside ? "disputed"
            : latest.DayNumber - asOfDay.DayNumber > staleAfter ? "stale"
            : "current";

        // Back along the chain of restatements: each earlier figure, restated by the entry after it.
        var history = new List<LedgerRestatement>();
        var newer = e;
        var seen = new HashSet<long> { e.Id };
        while (newer.CorrectsId is { } olderId && byId.TryGetValue(olderId, out var older) && seen.Add(olderId))
        {
            history.Add(new LedgerRestatement(older.Id, older.AmountUsd, older.LowUsd, older.HighUsd, older.SourceName, Shown(older.EnteredBy), older.EnteredAt, newer.EnteredAt, Shown(newer.EnteredBy)));
            newer = older;
        }

        var scope = ScopeOf(e);
        return new LedgerEntryView(
            e.Id, scope, e.Netuid, e.Netuid is { } n ? names.GetValueOrDefault(n) : null, e.CoversNetuids, e.Subject,
            LedgerValidation.KindName(e.Kind), e.PeriodStart, e.PeriodEnd, e.AsOf, asOfDay, e.AmountUsd, e.LowUsd, e.HighUsd,
            e.ExternalComponents, e.SourceName, e.SourceUrl, LedgerValidation.SourceKindName(e.SourceKind), e.PublishedAt, e.Note,
            Shown(e.EnteredBy), e.EnteredAt, e.IsReferenceData, e.CorrectsId, corrected?.Id, status,
            Counts: corrected is null && !setAside,
            e.DisputedAt is { } at ? new LedgerDisputeView(e.DisputeReason ?? "", Shown(e.DisputedBy ?? ""), at, e.UseAnywayBy is { } by ? Shown(by) : null, e.UseAnywayAt) : null,
            history);
    }
}
