using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Core.Text;
using TaoLens.Data;
using TaoLens.Data.Teams;
using TaoLens.Data.Views;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Accounts;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Views;

/// <summary>A view as its reader sees it. <see cref="Links"/> is listed only to those who may change the view.</summary>
public sealed record ViewDetails(
    Guid Id, string Name, string? Description, string Page, string State, string Range, string Visibility, Guid? TeamId, string? TeamName,
    bool IsMine, bool Pinned, bool CanEdit, string Url, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ShareLinkView>? Links);

/// <summary>What a view shows and where it opens, without who may change or share it.</summary>
public sealed record ViewSummary(Guid Id, string Name, string Page, string State, string Url);

/// <summary>A share link without its token (shown once, when made).</summary>
public sealed record ShareLinkView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active);

/// <summary>A share link just made: <see cref="Token"/> and <see cref="Url"/> are in this answer only.</summary>
public sealed record CreatedShareLink(Guid Id, string Token, string Url, DateTimeOffset? ExpiresAt);

public sealed record SaveViewRequest(string? Name, string? Description, string? Page, string? State, string? Range, string? Visibility, Guid? TeamId);

/// <summary>A change: each field given replaces the saved one; <c>state</c> and <c>range</c> are checked against <c>page</c>.</summary>
public sealed record UpdateViewRequest(string? Name, string? Description, string? Page, string? State, string? Range, bool? Pinned);

public sealed record CreateLinkRequest(DateTimeOffset? ExpiresAt);

/// <summary>
/// Where opening a view leads: <see cref="Url"/> is the page with the saved state (a relative range resolved) and
/// <c>view={id}</c>; <see cref="Notes"/> say what no longer matches the data. When <see cref="Blocked"/>, the page
/// itself cannot show the view (its subnet is gone) and the notes are all there is.
/// </summary>
public sealed record ViewOpening(Guid Id, string Name, string? Description, string Page, string State, string Url, IReadOnlyList<string> Notes, bool Blocked);

/// <summary>A share link opened: the view and the name of its team, nothing else of the team.</summary>
public sealed record SharedView(string Name, string? Description, string? TeamName, string Page, string State, IReadOnlyList<string> Notes, bool Blocked);

/// <summary>
/// Saved views, pins and share links: the one implementation behind <c>/api/v1/views</c>, the <c>/views</c> pages and
/// the pages' "Save view". A private view is its owner's alone; a team view is read by the team's members and changed
/// by its editors and admins and by its owner while a member. Anything the caller may not read answers 404, the same
/// answer as for an id that does not exist; a reader who may not change it gets 403.
/// </summary>
public sealed class ViewCatalog(TaoLensDbContext db, ValuationQuery valuation, IOptions<AccountsOptions> options, TimeProvider time)
{
    /// <summary>Longest lifetime a share link may be given.</summary>
    public static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(366);

    private static readonly Refusal s_noView = Refusal.NotFound("There is no such view.");
    private static readonly Refusal s_noTeam = Refusal.NotFound("There is no such team.");
    private static readonly Refusal s_noLink = Refusal.NotFound("There is no such link on this view.");
    private static readonly Refusal s_readOnly = Refusal.Forbidden("Only the team's editors and admins, and the view's owner, can change this view.");

    private sealed record Access(SavedView View, TeamRole? Role, bool CanEdit);

    /// <summary>The views a user can read: their own private views and every view of the teams they are in (the one rule).</summary>
    public static IQueryable<SavedView> Readable(TaoLensDbContext db, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var teamIds = db.TeamMemberships.Where(m => m.UserId == userId).Select(m => m.TeamId);
        return db.SavedViews.AsNoTracking().Where(v => (v.TeamId == null && v.OwnerUserId == userId) || (v.TeamId != null && teamIds.Contains(v.TeamId.Value)));
    }

    /// <summary>The caller's own private views and the views of every team they are in; pinned first, then the newest.</summary>
    public async Task<IReadOnlyList<ViewDetails>> ListAsync(Guid userId, string? search, CancellationToken cancellationToken)
    {
        var memberships = await db.TeamMemberships.AsNoTracking().Where(m => m.UserId == userId).ToDictionaryAsync(m => m.TeamId, m => m.Role, cancellationToken);
        var teamIds = memberships.Keys.ToList();
        var query = Readable(db, userId);
        if (UntrustedText.Clean(search, SavedView.NameMaxLength) is { } text)
        {
            var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(v => EF.Functions.ILike(v.Name, pattern) || (v.Description != null && EF.Functions.ILike(v.Description, pattern)));
        }

        var views = await query.ToListAsync(cancellationToken);
        var pins = await db.SavedViewPins.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.ViewId).ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var access = views.Select(v => v.TeamId is { } t ? new Access(v, memberships[t], CanEdit(v, userId, memberships[t])) : new Access(v, null, true)).ToList();
        var editable = access.Where(a => a.CanEdit).Select(a => a.View.Id).ToList();
        var links = (await db.ViewShareLinks.AsNoTracking().Where(l => editable.Contains(l.ViewId)).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken))
            .ToLookup(l => l.ViewId);
        return [.. access
            .Select(a => Details(a, userId, a.View.TeamId is { } id ? teams[id] : null, pins.Contains(a.View.Id), a.CanEdit ? LinkViews(links[a.View.Id]) : null))
            .OrderByDescending(v => v.Pinned).ThenByDescending(v => v.UpdatedAt).ThenBy(v => v.Id)];
    }

    /// <summary>
    /// Those of <paramref name="ids"/> the user can read now (as <see cref="ListAsync"/> lists them: their private views
    /// and their teams' views), in one query: the digest asks this for each recipient.
    /// </summary>
    public async Task<IReadOnlyList<ViewSummary>> VisibleAsync(Guid userId, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var views = await Readable(db, userId).Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, v.Name, v.Page, v.State })
            .ToListAsync(cancellationToken);
        return [.. views.Select(v => new ViewSummary(v.Id, v.Name, v.Page, v.State, OpenPath(v.Id)))];
    }

    public async Task<Outcome<ViewDetails>> GetAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        var access = await FindAsync(userId, id, cancellationToken);
        return access is null ? s_noView : await DetailsAsync(access, userId, cancellationToken);
    }

    /// <summary>Saves a view: private, or the team's when the caller is an editor or admin of it.</summary>
    public async Task<Outcome<ViewDetails>> CreateAsync(Guid userId, SaveViewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var name = CheckName(request.Name, errors);
        var description = CheckDescription(request.Description, errors);
        var state = ViewStates.Normalise(request.Page, request.State, request.Range);
        if (state.Refusal?.Errors is { } stateErrors)
        {
            foreach (var (key, value) in stateErrors)
            {
                errors[key] = value;
            }
        }

        var visibility = request.Visibility?.Trim().ToLowerInvariant() ?? (request.TeamId is null ? "private" : "team");
        if (visibility is not ("private" or "team"))
        {
            errors["visibility"] = ["visibility is private or team."];
        }
        else if (visibility == "team" && request.TeamId is null)
        {
            errors["teamId"] = ["A team view names its team: teamId."];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        Guid? teamId = visibility == "team" ? request.TeamId : null;
        if (teamId is { } team)
        {
            var role = await RoleAsync(userId, team, cancellationToken);
            if (role is null)
            {
                return s_noTeam;
            }

            if (role < TeamRole.Editor)
            {
                return Refusal.Forbidden("Viewers cannot save team views: save it as a private view, or ask a team admin for the editor role.");
            }
        }

        var now = time.GetUtcNow();
        var view = new SavedView
        {
            Id = Guid.CreateVersion7(now),
            OwnerUserId = userId,
            TeamId = teamId,
            Name = name!,
            Description = description,
            Page = state.Value!.Page,
            State = state.Value.State,
            RangeMode = state.Value.RangeMode,
            RangeDays = state.Value.RangeDays,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.SavedViews.Add(view);
        await AuditAsync(view, userId, TeamAuditAction.ViewCreated, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await DetailsAsync(new Access(view, teamId is null ? null : await RoleAsync(userId, teamId.Value, cancellationToken), true), userId, cancellationToken);
    }

    /// <summary>Renames, redescribes or re-saves the state; pinning needs only read access (a pin is the caller's own).</summary>
    public async Task<Outcome<ViewDetails>> UpdateAsync(Guid userId, Guid id, UpdateViewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var access = await FindAsync(userId, id, cancellationToken, tracked: true);
        if (access is null)
        {
            return s_noView;
        }

        var changesView = request.Name is not null || request.Description is not null || request.Page is not null || request.State is not null || request.Range is not null;
        if (changesView && !access.CanEdit)
        {
            return s_readOnly;
        }

        var view = access.View;
        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? view.Name : CheckName(request.Name, errors);
        var description = request.Description is null ? view.Description : CheckDescription(request.Description, errors);
        ViewState? state = null;
        if (request.Page is not null || request.State is not null || request.Range is not null)
        {
            var checkedState = ViewStates.Normalise(request.Page ?? view.Page, request.State ?? view.State,
                request.Range ?? ViewStates.RangeText(view.RangeMode, view.RangeDays));
            if (checkedState.Refusal?.Errors is { } stateErrors)
            {
                foreach (var (key, value) in stateErrors)
                {
                    errors[key] = value;
                }
            }

            state = checkedState.Value;
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        if (changesView)
        {
            view.Name = name!;
            view.Description = description;
            if (state is not null)
            {
                (view.Page, view.State, view.RangeMode, view.RangeDays) = (state.Page, state.State, state.RangeMode, state.RangeDays);
            }

            view.UpdatedAt = time.GetUtcNow();
        }

        if (request.Pinned is { } pinned)
        {
            await SetPinAsync(userId, id, pinned, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await DetailsAsync(access, userId, cancellationToken);
    }

    public async Task<Outcome<ViewDetails>> PinAsync(Guid userId, Guid id, bool pinned, CancellationToken cancellationToken) =>
        await UpdateAsync(userId, id, new UpdateViewRequest(null, null, null, null, null, pinned), cancellationToken);

    /// <summary>"Copy to my views": a private copy for the caller, from any view they can read.</summary>
    public async Task<Outcome<ViewDetails>> DuplicateAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        var access = await FindAsync(userId, id, cancellationToken);
        if (access is null)
        {
            return s_noView;
        }

        var source = access.View;
        var name = "Copy of " + source.Name;
        return await CreateAsync(userId, new SaveViewRequest(name.Length > SavedView.NameMaxLength ? name[..SavedView.NameMaxLength].TrimEnd() : name,
            source.Description, source.Page, source.State, ViewStates.RangeText(source.RangeMode, source.RangeDays), "private", null), cancellationToken);
    }

    public async Task<Outcome<Done>> DeleteAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        var access = await FindAsync(userId, id, cancellationToken, tracked: true);
        if (access is null)
        {
            return s_noView;
        }

        if (!access.CanEdit)
        {
            return s_readOnly;
        }

        db.SavedViews.Remove(access.View);
        await AuditAsync(access.View, userId, TeamAuditAction.ViewDeleted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new Done();
    }

    /// <summary>A public read-only link, made by whoever may change the view; the token (256 random bits) is returned once and stored hashed.</summary>
    public async Task<Outcome<CreatedShareLink>> CreateLinkAsync(Guid userId, Guid id, DateTimeOffset? expiresAt, Uri? requestBase, CancellationToken cancellationToken)
    {
        var access = await FindAsync(userId, id, cancellationToken);
        if (access is null)
        {
            return s_noView;
        }

        if (!access.CanEdit)
        {
            return Refusal.Forbidden("Only the team's editors and admins, and the view's owner, can share this view.");
        }

        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && (expiry <= now || expiry > now + MaxLinkLifetime))
        {
            return Refusal.Invalid("expiresAt", $"expiresAt is in the future and at most {MaxLinkLifetime.TotalDays:0} days away; leave it out for a link that lasts until revoked.");
        }

        var token = SecretTokens.New();
        var link = new ViewShareLink
        {
            Id = Guid.CreateVersion7(now),
            ViewId = id,
            TokenHash = SecretTokens.Hash(token),
            CreatedByUserId = userId,
            CreatedAt = now,
            ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        db.ViewShareLinks.Add(link);
        await AuditAsync(access.View, userId, TeamAuditAction.ViewShared, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedShareLink(link.Id, token, AccountLinks.Absolute(options.Value.PublicUrl ?? requestBase, SharePath(token)), link.ExpiresAt);
    }

    public static string SharePath(string token) => $"/v/{token}";

    /// <summary>Revokes a link named by its id or by its token; the link answers 404 from the next request on.</summary>
    public async Task<Outcome<Done>> RevokeLinkAsync(Guid userId, Guid id, string? link, CancellationToken cancellationToken)
    {
        var access = await FindAsync(userId, id, cancellationToken);
        if (access is null)
        {
            return s_noView;
        }

        if (!access.CanEdit)
        {
            return Refusal.Forbidden("Only the team's editors and admins, and the view's owner, can revoke this view's links.");
        }

        var links = db.ViewShareLinks.Where(l => l.ViewId == id);
        if (Guid.TryParse(link, out var linkId))
        {
            links = links.Where(l => l.Id == linkId);
        }
        else if (!string.IsNullOrEmpty(link) && link.Length <= 100)
        {
            var hash = SecretTokens.Hash(link);
            links = links.Where(l => l.TokenHash == hash);
        }
        else
        {
            return s_noLink;
        }

        var found = await links.SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return s_noLink;
        }

        if (found.RevokedAt is null)
        {
            found.RevokedAt = time.GetUtcNow();
            await AuditAsync(access.View, userId, TeamAuditAction.ViewLinkRevoked, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new Done();
    }

    /// <summary>Where the view leads now: its page and state (relative range resolved), and notes on what the data no longer has.</summary>
    public async Task<Outcome<ViewOpening>> OpenAsync(Guid userId, Guid id, CancellationToken cancellationToken)
    {
        var access = await FindAsync(userId, id, cancellationToken);
        if (access is null)
        {
            return s_noView;
        }

        var view = access.View;
        var (state, notes, blocked) = await ResolveAsync(view, cancellationToken);
        return new ViewOpening(view.Id, view.Name, view.Description, view.Page, state, ViewStates.PageUrl(view.Page, state, view.Id), notes, blocked);
    }

    /// <summary>The view behind a share link, or null when the link is unknown, revoked or expired (all answered 404).</summary>
    public async Task<SharedView?> OpenSharedAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var now = time.GetUtcNow();
        var view = await db.ViewShareLinks.AsNoTracking()
            .Where(l => l.TokenHash == hash && l.RevokedAt == null && (l.ExpiresAt == null || l.ExpiresAt > now))
            .Join(db.SavedViews, l => l.ViewId, v => v.Id, (l, v) => v)
            .SingleOrDefaultAsync(cancellationToken);
        if (view is null)
        {
            return null;
        }

        var teamName = view.TeamId is { } teamId ? await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync(cancellationToken) : null;
        var (state, notes, blocked) = await ResolveAsync(view, cancellationToken);
        return new SharedView(view.Name, view.Description, teamName, view.Page, state, notes, blocked);
    }

    /// <summary>
    /// The saved state as it can be shown today: a relative range resolved against the latest day with data (today, UTC,
    /// when there is none); subnets no longer in the data dropped with a note; a metric that no longer exists replaced
    /// by the default with a note.
    /// </summary>
    private async Task<(string State, IReadOnlyList<string> Notes, bool Blocked)> ResolveAsync(SavedView view, CancellationToken cancellationToken)
    {
        var anchor = await valuation.LatestDayAsync(cancellationToken) ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var values = ViewStates.Values(ViewStates.Resolve(view.State, view.RangeMode, view.RangeDays, anchor)).ToDictionary();
        var notes = new List<string>();
        if (view.RangeMode != ViewRangeMode.Fixed && values.GetValueOrDefault("from") is { } from)
        {
            notes.Add($"Range: {ViewStates.RangeLabel(view.RangeMode, view.RangeDays)}, {from} to {values["to"]} (ending on the latest day with data).");
        }

        var known = (await valuation.SubnetLabelsAsync(cancellationToken)).Select(l => l.Netuid).ToHashSet();
        var blocked = false;
        if (view.Page == ViewStates.Subnet && int.TryParse(values.GetValueOrDefault("netuid"), out var netuid) && !known.Contains(netuid))
        {
            notes.Add($"Subnet {netuid} of this view is no longer in the data, so there is nothing to show.");
            blocked = true;
        }

        if (values.GetValueOrDefault("netuids") is { } list)
        {
            var netuids = list.Split(',').Select(int.Parse).ToList();
            var missing = netuids.Where(n => !known.Contains(n)).ToList();
            if (missing.Count > 0)
            {
                var left = netuids.Except(missing).ToList();
                notes.Add($"{(missing.Count == 1 ? "Subnet" : "Subnets")} {string.Join(", ", missing)} of this view {(missing.Count == 1 ? "is" : "are")} no longer in the data"
                    + (left.Count > 0 ? "; showing the others." : "; none of its subnets is left."));
                if (left.Count > 0)
                {
                    values["netuids"] = string.Join(',', left);
                }
                else
                {
                    blocked = view.Page == ViewStates.Compare;
                }
            }
        }

        if (values.GetValueOrDefault("metric") is { } metric && !Subnets.SubnetMetrics.All.ContainsKey(metric))
        {
            notes.Add($"The metric '{metric}' this view was saved with no longer exists (renamed or removed); showing {Compare.CompareQuery.DefaultMetric} instead.");
            values["metric"] = Compare.CompareQuery.DefaultMetric;
        }

        if (values.GetValueOrDefault("sort") is { } sort && !Overview.LeaderboardState.IsSortKey(sort))
        {
            notes.Add($"The column '{sort}' this view was sorted by no longer exists; sorted by TAO per day instead.");
            values.Remove("sort");
        }

        // Commas stay as typed, so the address reads as the page writes it.
        return (string.Join('&', values.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value).Replace("%2C", ",", StringComparison.Ordinal)}")), notes, blocked);
    }

    private async Task<Access?> FindAsync(Guid userId, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var views = tracked ? db.SavedViews : db.SavedViews.AsNoTracking();
        var view = await views.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (view is null)
        {
            return null;
        }

        if (view.TeamId is not { } teamId)
        {
            return view.OwnerUserId == userId ? new Access(view, null, true) : null;
        }

        // Membership is read on every request, so a removed member loses access at once.
        var role = await RoleAsync(userId, teamId, cancellationToken);
        return role is { } r ? new Access(view, r, CanEdit(view, userId, r)) : null;
    }

    private static bool CanEdit(SavedView view, Guid userId, TeamRole? role) =>
        view.OwnerUserId == userId || role >= TeamRole.Editor;

    private async Task<TeamRole?> RoleAsync(Guid userId, Guid teamId, CancellationToken cancellationToken) =>
        (await db.TeamMemberships.AsNoTracking().SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserId == userId, cancellationToken))?.Role;

    private async Task<ViewDetails> DetailsAsync(Access access, Guid userId, CancellationToken cancellationToken)
    {
        var view = access.View;
        var teamName = view.TeamId is { } teamId ? await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync(cancellationToken) : null;
        var pinned = await db.SavedViewPins.AnyAsync(p => p.ViewId == view.Id && p.UserId == userId, cancellationToken);
        IReadOnlyList<ShareLinkView>? links = null;
        if (access.CanEdit)
        {
            links = LinkViews(await db.ViewShareLinks.AsNoTracking().Where(l => l.ViewId == view.Id).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken));
        }

        return Details(access, userId, teamName, pinned, links);
    }

    private List<ShareLinkView> LinkViews(IEnumerable<ViewShareLink> links)
    {
        var now = time.GetUtcNow();
        return [.. links.Select(l => new ShareLinkView(l.Id, l.CreatedAt, l.ExpiresAt, l.RevokedAt, l.RevokedAt is null && (l.ExpiresAt is null || l.ExpiresAt > now)))];
    }

    private static ViewDetails Details(Access access, Guid userId, string? teamName, bool pinned, IReadOnlyList<ShareLinkView>? links)
    {
        var v = access.View;
        return new ViewDetails(v.Id, v.Name, v.Description, v.Page, v.State, ViewStates.RangeText(v.RangeMode, v.RangeDays), v.TeamId is null ? "private" : "team",
            v.TeamId, teamName, v.OwnerUserId == userId, pinned, access.CanEdit, OpenPath(v.Id), v.CreatedAt, v.UpdatedAt, links);
    }

    /// <summary>Where a view opens: a redirect to its page.</summary>
    public static string OpenPath(Guid id) => $"/views/{id}";

    private async Task SetPinAsync(Guid userId, Guid id, bool pinned, CancellationToken cancellationToken)
    {
        var pin = await db.SavedViewPins.SingleOrDefaultAsync(p => p.ViewId == id && p.UserId == userId, cancellationToken);
        if (pinned && pin is null)
        {
            db.SavedViewPins.Add(new SavedViewPin { ViewId = id, UserId = userId, PinnedAt = time.GetUtcNow() });
        }
        else if (!pinned && pin is not null)
        {
            db.SavedViewPins.Remove(pin);
        }
    }

    /// <summary>View names are untrusted text: control characters removed, 1 to 100 characters.</summary>
    private static string? CheckName(string? name, Dictionary<string, string[]> errors)
    {
        var cleaned = UntrustedText.Clean(name, SavedView.NameMaxLength + 1)?.Trim();
        if (string.IsNullOrEmpty(cleaned) || cleaned.Length > SavedView.NameMaxLength)
        {
            errors["name"] = [$"A view name has 1 to {SavedView.NameMaxLength} characters."];
            return null;
        }

        return cleaned;
    }

    private static string? CheckDescription(string? description, Dictionary<string, string[]> errors)
    {
        var cleaned = UntrustedText.Clean(description, SavedView.DescriptionMaxLength + 1)?.Trim();
        if (cleaned?.Length > SavedView.DescriptionMaxLength)
        {
            errors["description"] = [$"A description has at most {SavedView.DescriptionMaxLength} characters."];
            return null;
        }

        return string.IsNullOrEmpty(cleaned) ? null : cleaned;
    }

    /// <summary>Team views' creation, sharing, revocation and deletion go in the team's audit log, naming the view.</summary>
    private async Task AuditAsync(SavedView view, Guid actorId, TeamAuditAction action, CancellationToken cancellationToken)
    {
        if (view.TeamId is not { } teamId)
        {
            return;
        }

        var email = await db.Users.Where(u => u.Id == actorId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        var detail = view.Name.Length > TeamAuditEntry.DetailMaxLength ? view.Name[..TeamAuditEntry.DetailMaxLength] : view.Name;
        db.TeamAudit.Add(new TeamAuditEntry { TeamId = teamId, At = time.GetUtcNow(), Action = action, ActorUserId = actorId, ActorEmail = email, Detail = detail });
    }
}
