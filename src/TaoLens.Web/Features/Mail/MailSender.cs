using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using Polly;
using Polly.Retry;

namespace TaoLens.Web.Features.Mail;

/// <summary>A mail could not be delivered to the server; <see cref="Exception.Message"/> is safe to record and show (no body, no link).</summary>
public sealed class MailDeliveryException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The last failure was of a kind that may pass (the server busy, the connection dropped), not a refusal.</summary>
    public bool Transient { get; } = transient;
}

/// <summary>
/// Sends mail over SMTP with MailKit, one connection per mail or one per <see cref="MailRun"/>, retrying with exponential backoff (Polly) when the server
/// fails in a way that may pass: a 4xx answer, a dropped or refused connection, a timeout. A 5xx refusal, a failed sign-in
/// or a TLS failure is not retried. Logs name the recipient, subject and Message-ID, never a body, a link or a password.
/// </summary>
public sealed partial class MailSender
{
    private readonly MailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MailSender> _logger;
    private readonly ResiliencePipeline _retry;

    public MailSender(IOptions<MailOptions> options, TimeProvider time, ILogger<MailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder();
        if (_options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = _options.MaxAttempts - 1,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogRetry(_logger, args.AttemptNumber + 1, _options.MaxAttempts, Describe(args.Outcome.Exception), args.RetryDelay);
                    return default;
                },
            });
        }

        // Backoff waits are wall-clock time on the system clock, whatever clock the app's figures run on.
        _retry = builder.Build();
    }

    public bool IsConfigured => _options.IsConfigured;

    /// <summary>Sends the mail on a connection of its own; the Message-ID it went out with is returned. Throws <see cref="MailDeliveryException"/> once the tries are spent.</summary>
    public async Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        await using var run = OpenRun();
        return await run.SendAsync(mail, cancellationToken);
    }

    /// <summary>
    /// A run of mails sent one after another over one SMTP connection (the weekly digests), each with the same tries as
    /// <see cref="SendAsync"/>: a failed try drops the connection and the next try opens a new one. Not thread-safe.
    /// </summary>
    public MailRun OpenRun()
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException("Mail is not configured (Mail:Host); check MailSender.IsConfigured first.");
        }

        return new MailRun(this);
    }

    internal async Task<string> SendInRunAsync(OutgoingMail mail, MailRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = Build(mail);
        try
        {
            await _retry.ExecuteAsync(async token => await run.SendOnceAsync(message, token), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, mail.To, mail.Subject, Describe(ex));
            throw new MailDeliveryException($"The mail to {mail.To} was not delivered: {Describe(ex)}.", IsTransient(ex), ex);
        }

        var messageId = message.MessageId ?? "";
        LogSent(_logger, mail.To, mail.Subject, messageId);
        return messageId;
    }

    /// <summary>The MIME message as it goes out: From, To, Subject, Date, Message-ID, the extra headers, text and HTML alternatives.</summary>
    public MimeMessage Build(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var from = MailboxAddress.Parse(_options.From ?? "");
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Date = _time.GetUtcNow();
        var domain = from.Domain is { Length: > 0 } d ? d : "localhost";
        message.MessageId = mail.MessageId is { } id ? $"{id}@{domain}" : MimeUtils.GenerateMessageId(domain);
        foreach (var (name, value) in mail.Headers)
        {
            message.Headers.Add(name, value);
        }

        // multipart/alternative, plain text first: clients show the last part they can render.
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }

    internal async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var security = _options.SecurityMode switch
            {
                MailSecurity.None => SecureSocketOptions.None,
                MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            // Nagle's algorithm holds back the end of each message until the server's delayed ACK (about 40 ms a mail).
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.Timeout);
                await socket.ConnectAsync(_options.Host!, _options.Port, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"No connection to {_options.Host}:{_options.Port} within {_options.Timeout}.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, _options.Host!, _options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.User))
            {
                await client.AuthenticateAsync(_options.User, _options.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Failures that may pass on a later try.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException => true,
        MailDeliveryException delivery => delivery.Transient,
        _ => false,
    };

    /// <summary>What went wrong, without the server's free text (it may echo addresses or content).</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        null => "no answer",
        SmtpCommandException command => $"the server answered {(int)command.StatusCode} ({command.StatusCode}) to {command.ErrorCode}",
        SocketException socket => $"connection failed ({socket.SocketErrorCode})",
        AuthenticationException => "the server refused Mail:User and Mail:Password",
        SslHandshakeException => "the TLS handshake failed (check Mail:Security and Mail:Port)",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail: try {Attempt} of {MaxAttempts} after {Failure}, in {Delay}")]
    private static partial void LogRetry(ILogger logger, int attempt, int maxAttempts, string failure, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail to {Recipient} ({Subject}) not delivered: {Failure}")]
    private static partial void LogFailed(ILogger logger, string recipient, string subject, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail to {Recipient} ({Subject}) handed to the server as {MessageId}")]
    private static partial void LogSent(ILogger logger, string recipient, string subject, string messageId);
}

/// <summary>Mails sent over one SMTP connection, opened on the first send and again after a failed try; QUIT on dispose.</summary>
public sealed class MailRun : IAsyncDisposable
{
    private readonly MailSender _sender;
    private SmtpClient? _client;

    internal MailRun(MailSender sender) => _sender = sender;

    /// <summary>As <see cref="MailSender.SendAsync"/>, on this run's connection.</summary>
    public Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken) => _sender.SendInRunAsync(mail, this, cancellationToken);

    internal async Task SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (_client is not { IsConnected: true })
            {
                _client?.Dispose();
                _client = null;
                _client = await _sender.ConnectAsync(cancellationToken);
            }

            await _client.SendAsync(message, cancellationToken);
        }
        catch
        {
            // Whatever state the conversation is in, the next try starts on a new connection, as a mail of its own would.
            _client?.Dispose();
            _client = null;
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (MailSender.IsTransient(ex) || ex is MailKit.ProtocolException)
        {
            // Every mail was handed over already; a failed QUIT loses nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}
