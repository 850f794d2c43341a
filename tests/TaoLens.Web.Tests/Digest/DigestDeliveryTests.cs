using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Data.Accounts;
using TaoLens.Data.Digests;
using TaoLens.Testing;
using TaoLens.Web.Features.Digest;
using TaoLens.Web.Features.Mail;
using TaoLens.Web.Tests.Mail;

namespace TaoLens.Web.Tests.Digest;

/// <summary>The delivery ledger on a real database, sending through a real SMTP server on loopback.</summary>
public sealed class DigestDeliveryTests : IAsyncLifetime
{
    private static readonly IsoWeekId s_week = new(2026, 50);
    private static readonly DigestOptions s_options = new() { ClaimLease = TimeSpan.FromMinutes(15), MaxAttempts = 3, RetryDelay = TimeSpan.FromMinutes(5) };

    private TestDatabase? _database;
    private SmtpTestServer? _smtp;

    private TestDatabase Database => _database!;

    private SmtpTestServer Smtp => _smtp!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("digest");
        _smtp = await SmtpTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await Database.DisposeAsync();
    }

    private async Task<Guid> SubscriptionAsync()
    {
        await using var db = Database.CreateDbContext();
        var user = new TaoLensUser { Id = Guid.NewGuid(), UserName = "reader@example.com", NormalizedUserName = "READER@EXAMPLE.COM", Email = "reader@example.com", CreatedAt = DateTimeOffset.UnixEpoch };
        var subscription = new DigestSubscription { Id = Guid.NewGuid(), UserId = user.Id, Enabled = true, TimeZone = "Pacific/Auckland" };
        db.Users.Add(user);
        db.DigestSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    private MailSender Sender(TimeProvider clock) => new(Options.Create(new MailOptions
    {
        Host = "127.0.0.1", Port = Smtp.Port, Security = "none", From = "TaoLens <taolens@taolens.test>", MaxAttempts = 1,
    }), clock, NullLogger<MailSender>.Instance);

    private static Func<CancellationToken, Task<string>> Send(MailSender sender, Guid subscription) => token =>
        sender.SendAsync(new OutgoingMail("reader@example.com", "Your TaoLens week", "<p>week</p>", "week") { MessageId = DigestDeliveries.MessageIdFor(subscription, s_week) }, token);

    private async Task<DigestDelivery> RowAsync(Guid subscription)
    {
        await using var db = Database.CreateDbContext();
        return await db.DigestDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscription);
    }

    [Fact]
    public async Task Two_schedulers_racing_on_one_database_send_the_digest_exactly_once()
    {
        var subscription = await SubscriptionAsync();
        var clock = TimeProvider.System;
        var sender = Sender(clock);
        var start = new TaskCompletionSource();

        // Two instances with several workers each, every worker on its own connection, released together.
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            await start.Task;
            await using var db = Database.CreateDbContext();
            return await new DigestDeliveries(db, Options.Create(s_options), clock).DeliverAsync(subscription, s_week, Send(sender, subscription), CancellationToken.None);
        }).ToList();
        start.SetResult();
        var sent = await Task.WhenAll(workers);

        Assert.Single(sent, s => s);
        Assert.Single(Smtp.Messages);
        var row = await RowAsync(subscription);
        Assert.Equal(DigestDeliveryStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(Smtp.Messages.Single().MessageId, row.MessageId);
    }

    [Fact]
    public async Task A_claim_left_by_a_crash_is_taken_over_after_the_lease_and_sent_once()
    {
        var subscription = await SubscriptionAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T19:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = Database.CreateDbContext();
        var deliveries = new DigestDeliveries(db, Options.Create(s_options), clock);

        // The first instance claims and dies before sending.
        Assert.NotNull(await deliveries.TryClaimAsync(subscription, s_week, CancellationToken.None));
        clock.Advance(s_options.ClaimLease - TimeSpan.FromSeconds(1));
        Assert.False(await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None));
        clock.Advance(s_options.ClaimLease * 10);
        Assert.False(await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None));

        Assert.Single(Smtp.Messages);
        var row = await RowAsync(subscription);
        Assert.Equal(DigestDeliveryStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
    }

    [Fact]
    public async Task A_refused_digest_is_recorded_retried_after_the_backoff_and_sent_once()
    {
        var subscription = await SubscriptionAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T19:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = Database.CreateDbContext();
        var deliveries = new DigestDeliveries(db, Options.Create(s_options), clock);
        Smtp.RefuseNext(1, code: 554);

        Assert.False(await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None));
        var failed = await RowAsync(subscription);
        clock.Advance(s_options.RetryDelay - TimeSpan.FromSeconds(1));
        Assert.False(await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None));

        Assert.Equal(DigestDeliveryStatus.Failed, failed.Status);
        Assert.Contains("554", failed.LastError, StringComparison.Ordinal);
        Assert.Single(Smtp.Messages);
        var row = await RowAsync(subscription);
        Assert.Equal(DigestDeliveryStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task A_digest_refused_on_every_try_is_given_up_after_the_last_attempt()
    {
        var subscription = await SubscriptionAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T19:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = Database.CreateDbContext();
        var deliveries = new DigestDeliveries(db, Options.Create(s_options), clock);
        Smtp.RefuseNext(100, code: 554);

        for (var i = 0; i < 5; i++)
        {
            await deliveries.DeliverAsync(subscription, s_week, Send(Sender(clock), subscription), CancellationToken.None);
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(s_options.MaxAttempts, Smtp.Attempts);
        var row = await RowAsync(subscription);
        Assert.Equal(DigestDeliveryStatus.Failed, row.Status);
        Assert.Equal(s_options.MaxAttempts, row.Attempts);
    }
}
