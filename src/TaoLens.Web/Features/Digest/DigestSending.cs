using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Digests;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// Sends every digest that is due (its local day and time have passed this week) and not yet sent, each exactly once
/// across instances through <see cref="DigestDeliveries"/>. One instance of this class is one run: the week's
/// figures are computed once for all its digests (<see cref="DigestComposer"/>), and they go out over one SMTP
/// connection (<see cref="MailRun"/>).
/// </summary>
public sealed class DigestSending(
    TaoLensDbContext db,
    DigestDeliveries deliveries,
    DigestSubscriptions subscriptions,
    DigestComposer composer,
    DigestRenderer renderer,
    DigestUnsubscribe unsubscribe,
    MailSender mail,
    IOptions<AppOptions> app,
    TimeProvider time,
    ILogger<DigestSending> logger)
{
    private MailRun? _run;
    private ILookup<Guid, Guid>? _followed;

    /// <summary>
    /// Sends every due digest with <see cref="DigestOptions.Senders"/> runs side by side, each in its own scope over its
    /// share of what is due (read once, here); how many were sent. What the scheduler and <c>digest send</c> call.
    /// </summary>
    public static async Task<int> SendAllDueAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var senders = Math.Max(1, services.GetRequiredService<IOptions<DigestOptions>>().Value.Senders);
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        IReadOnlyList<PendingDigest> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<DigestSending>().DueAsync(cancellationToken);
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var sent = await Task.WhenAll(Enumerable.Range(0, senders).Select(async index =>
        {
            var share = new DigestShare(index, senders);
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DigestSending>()
                .SendAsync([.. due.Where(d => share.Holds(d.SubscriptionId))], cancellationToken);
        }));
        return sent.Sum();
    }

    /// <summary>How many digests this run sent, one after another; none when mail is off.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken) => await SendAsync(await DueAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// The digests due now (their local day and time have passed this week) and not yet sent; none when mail is off.
    /// </summary>
    public async Task<IReadOnlyList<PendingDigest>> DueAsync(CancellationToken cancellationToken)
    {
        if (!mail.IsConfigured || app.Value.PublicBaseUrl is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var subscribed = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Enabled)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Subscription = s, u.Email })
            .OrderBy(r => r.Subscription.Id)
            .ToListAsync(cancellationToken);
        var due = new List<PendingDigest>();
        foreach (var row in subscribed)
        {
            if (row.Email is { } email && DigestSubscriptions.Zone(row.Subscription.TimeZone) is { } zone
                && DigestSchedule.Due(new DigestTiming(row.Subscription.Day, row.Subscription.LocalTime, zone), now) is { } digest)
            {
                due.Add(new PendingDigest(row.Subscription.Id, row.Subscription.UserId, email, digest.Week));
            }
        }

        // A digest stays due all week once its time has passed: those already sent are skipped with one query, not
        // re-claimed (two statements each) on every poll.
        var dueIds = due.Select(d => d.SubscriptionId).ToList();
        var done = (await db.DigestDeliveries.AsNoTracking()
            .Where(d => d.Status == DigestDeliveryStatus.Sent && dueIds.Contains(d.SubscriptionId))
            .Select(d => new { d.SubscriptionId, d.IsoYear, d.IsoWeek })
            .ToListAsync(cancellationToken)).Select(d => (d.SubscriptionId, d.IsoYear, d.IsoWeek)).ToHashSet();
        due.RemoveAll(d => done.Contains((d.SubscriptionId, d.Week.Year, d.Week.Week)));
        return due;
    }

    /// <summary>Sends these due digests one after another over one SMTP connection, each exactly once; how many were sent.</summary>
    public async Task<int> SendAsync(IReadOnlyList<PendingDigest> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (due.Count == 0 || !mail.IsConfigured || app.Value.PublicBaseUrl is not { } baseUrl)
        {
            return 0;
        }

        var ids = due.Select(d => d.SubscriptionId).ToList();
        // The views each subscription follows, read with the subscriptions (one query, not one per digest); whether the
        // recipient can still see each is checked when their digest is composed.
        _followed = (await db.DigestSubscriptionViews.AsNoTracking()
            .Where(v => ids.Contains(v.SubscriptionId))
            .ToListAsync(cancellationToken)).ToLookup(v => v.SubscriptionId, v => v.ViewId);
        var sent = 0;
        await using var run = mail.OpenRun();
        _run = run;
        try
        {
            foreach (var digest in due)
            {
                var recipient = new DigestRecipient(digest.UserId, digest.Email, digest.SubscriptionId);
                if (await deliveries.DeliverAsync(digest.SubscriptionId, digest.Week,
                    ct => SendAsync(recipient, DigestDeliveries.MessageIdFor(digest.SubscriptionId, digest.Week), baseUrl, ct), cancellationToken))
                {
                    sent++;
                }
            }
        }
        finally
        {
            _run = null;
            _followed = null;
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} weekly digests.", sent);
        }

        return sent;
    }

    /// <summary>
    /// One digest, the one implementation behind the scheduled send and "send me this now": built from the views the
    /// recipient follows and can see now, with the signed unsubscribe link and its one-click headers when they have a
    /// subscription to end. <paramref name="messageId"/> is the week's fixed one for a scheduled digest, null for a new one.
    /// </summary>
    public async Task<string> SendAsync(DigestRecipient recipient, string? messageId, Uri baseUrl, CancellationToken cancellationToken)
    {
        var digest = await ComposeAsync(recipient, baseUrl, cancellationToken);
        var outgoing = Mail(recipient, await renderer.RenderAsync(digest), digest.UnsubscribeUrl, messageId);
        return _run is { } run ? await run.SendAsync(outgoing, cancellationToken) : await mail.SendAsync(outgoing, cancellationToken);
    }

    /// <summary>The recipient's digest as it is mailed, unsubscribe link included (not yet rendered).</summary>
    public async Task<WeeklyDigest> ComposeAsync(DigestRecipient recipient, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        IReadOnlyCollection<Guid> views = _followed is { } followed && recipient.SubscriptionId is { } id
            ? [.. followed[id]]
            : await subscriptions.FollowedViewIdsAsync(recipient.UserId, cancellationToken);
        var link = recipient.SubscriptionId is { } subscriptionId ? unsubscribe.UrlFor(subscriptionId, baseUrl) : null;
        return await composer.ComposeAsync(recipient.UserId, views, baseUrl, cancellationToken) with { UnsubscribeUrl = link };
    }

    /// <summary>The mail of a rendered digest: the one-click unsubscribe headers go with its unsubscribe link.</summary>
    public static OutgoingMail Mail(DigestRecipient recipient, RenderedDigest rendered, string? unsubscribeUrl, string? messageId)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(rendered);
        var mail = new OutgoingMail(recipient.Email, rendered.Subject, rendered.Html, rendered.Text) { MessageId = messageId };
        return unsubscribeUrl is null ? mail : mail with { Headers = DigestUnsubscribe.Headers(unsubscribeUrl) };
    }
}

/// <summary>
/// One of <see cref="Count"/> senders' share of the due digests, split by subscription id. Shares only spread the
/// work: a subscription in two shares would still be delivered once (<see cref="DigestDeliveries"/>).
/// </summary>
public sealed record DigestShare(int Index, int Count)
{
    public static readonly DigestShare All = new(0, 1);

    public bool Holds(Guid subscriptionId) => Count <= 1 || (uint)subscriptionId.GetHashCode() % (uint)Count == (uint)Index;
}

/// <summary>A subscription's digest for a week, due and not yet sent.</summary>
public sealed record PendingDigest(Guid SubscriptionId, Guid UserId, string Email, IsoWeekId Week);

/// <summary>Whom a digest goes to; <see cref="SubscriptionId"/> is null for someone who never had a subscription (nothing to unsubscribe from).</summary>
public sealed record DigestRecipient(Guid UserId, string Email, Guid? SubscriptionId);
