using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Tests.Mail;

public sealed class MailSenderTests
{
    private static MailSender Sender(SmtpTestServer smtp, int maxAttempts = 4)
    {
        var settings = smtp.Settings();
        var options = new MailOptions
        {
            Host = settings["Mail:Host"],
            Port = smtp.Port,
            Security = "none",
            From = settings["Mail:From"],
            MaxAttempts = maxAttempts,
            RetryDelay = TimeSpan.FromMilliseconds(20),
        };
        return new MailSender(Options.Create(options), TimeProvider.System, NullLogger<MailSender>.Instance);
    }

    private static OutgoingMail Mail() => new("reader@example.com", "Hello", "<p>Hello <b>reader</b></p>", "Hello reader");

    [Fact]
    public async Task A_server_refusing_twice_then_accepting_gets_the_mail_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseNext(2);

        await Sender(smtp).SendAsync(Mail(), CancellationToken.None);

        Assert.Equal(3, smtp.Attempts);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_run_sends_its_mails_over_one_connection_and_retries_a_refused_one_on_a_new_connection()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var sender = Sender(smtp);

        await using (var run = sender.OpenRun())
        {
            await run.SendAsync(Mail(), CancellationToken.None);
            smtp.RefuseNext(1);
            await run.SendAsync(Mail(), CancellationToken.None);
            await run.SendAsync(Mail(), CancellationToken.None);
        }

        Assert.Equal(3, smtp.Messages.Count);
        Assert.Equal(4, smtp.Attempts);
        // The first connection carries the first mail and the refused try; the retry and the third mail share the second.
        Assert.Equal(2, smtp.Sessions);
    }

    [Fact]
    public async Task A_permanent_refusal_is_not_retried_and_is_reported()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseNext(5, code: 554);

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(smtp).SendAsync(Mail(), CancellationToken.None));

        Assert.Equal(1, smtp.Attempts);
        Assert.Empty(smtp.Messages);
        Assert.False(failure.Transient);
        Assert.Contains("554", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_keeps_refusing_gets_the_configured_number_of_tries()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseNext(10);

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => Sender(smtp, maxAttempts: 3).SendAsync(Mail(), CancellationToken.None));

        Assert.Equal(3, smtp.Attempts);
        Assert.True(failure.Transient);
    }

    [Fact]
    public async Task Every_mail_has_a_message_id_a_date_a_sender_and_html_with_a_text_alternative()
    {
        await using var smtp = await SmtpTestServer.StartAsync();

        var sent = await Sender(smtp).SendAsync(Mail() with { MessageId = "digest.1.2026W49", Headers = new Dictionary<string, string> { ["Precedence"] = "bulk" } }, CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("digest.1.2026W49@taolens.test", message.MessageId);
        Assert.Equal(sent, message.MessageId);
        Assert.NotEqual(default, message.Date);
        Assert.Equal("taolens@taolens.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("bulk", message.Headers["Precedence"]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("Hello reader", message.TextBody?.Trim());
        Assert.Contains("<b>reader</b>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_with_a_host_name_what_is_missing()
    {
        var problems = new MailOptions { Host = "smtp.example.com", Security = "ssl", User = "me" }.Problems(new AppOptions());

        Assert.Contains(problems, p => p.StartsWith("Mail:Security must be none, starttls or tls", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Mail:From must be a mail address", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Mail:User and Mail:Password go together", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("App:PublicBaseUrl must be set", StringComparison.Ordinal));
        Assert.Empty(new MailOptions().Problems(new AppOptions()));
    }
}
