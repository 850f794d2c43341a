namespace TaoLens.Web.Features.Mail;

/// <summary>
/// One mail to one recipient: an HTML body and its plain-text alternative, which must read well on its own.
/// <see cref="MessageId"/> (without angle brackets) is set when the sender must be able to recognise a resend, as the
/// digest does per subscription and week; otherwise a fresh one is made. <see cref="Headers"/> are extra headers
/// (List-Unsubscribe and the like).
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string Html, string Text)
{
    public string? MessageId { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
