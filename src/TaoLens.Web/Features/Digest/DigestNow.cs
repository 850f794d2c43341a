using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaoLens.Data.Accounts;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Features.Digest;

/// <summary>A digest sent on request: to whom, and its Message-ID.</summary>
public sealed record DigestSent(string To, string MessageId);

/// <summary>
/// This week's digest of one person, as their subscription chooses it: shown on <c>/digest</c> and sent on request
/// ("send me this now", the page and <c>POST /api/v1/me/digest/send</c>). A digest sent on request is not the week's
/// scheduled one: that still goes out at its time. It is sent by <see cref="DigestSending"/>, so it carries the same
/// unsubscribe link and headers.
/// </summary>
public sealed class DigestNow(
    DigestSubscriptions subscriptions,
    DigestComposer composer,
    DigestSending sending,
    MailSender mail,
    UserManager<TaoLensUser> users,
    IOptions<AppOptions> app)
{
    public static readonly Refusal MailOff = new(StatusCodes.Status503ServiceUnavailable, "Mail is off",
        "This TaoLens does not send mail (no Mail:Host), so the digest is not sent; /digest shows it.");

    /// <summary>The digest with links under <c>App:PublicBaseUrl</c>, or under <paramref name="requestBase"/> when that is unset.</summary>
    public async Task<WeeklyDigest> BuildAsync(Guid userId, Uri requestBase, CancellationToken cancellationToken)
    {
        var views = await subscriptions.FollowedViewIdsAsync(userId, cancellationToken);
        return await composer.ComposeAsync(userId, views, app.Value.PublicBaseUrl ?? requestBase, cancellationToken);
    }

    public async Task<Outcome<DigestSent>> SendAsync(Guid userId, Uri requestBase, CancellationToken cancellationToken)
    {
        if (!mail.IsConfigured)
        {
            return MailOff;
        }

        if (await users.FindByIdAsync(userId.ToString()) is not { Email: { } email })
        {
            return Refusal.NotFound("There is no such account.");
        }

        var recipient = new DigestRecipient(userId, email, await subscriptions.SubscriptionIdAsync(userId, cancellationToken));
        var messageId = await sending.SendAsync(recipient, messageId: null, app.Value.PublicBaseUrl ?? requestBase, cancellationToken);
        return new DigestSent(email, messageId);
    }
}
