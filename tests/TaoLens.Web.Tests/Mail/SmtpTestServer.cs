using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using ServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace TaoLens.Web.Tests.Mail;

/// <summary>
/// A real SMTP server (the SmtpServer package) in-process on 127.0.0.1 with a free port. It keeps every message it
/// accepts; <see cref="RefuseNext"/> makes it answer the next messages with a transient 451 (or any code) instead.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private Task _running = Task.CompletedTask;

    private SmtpTestServer(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    /// <summary>SMTP connections (sessions) that handed the server at least one DATA.</summary>
    public int Sessions => _store.Sessions;

    /// <summary>Every DATA the server was handed, accepted or refused.</summary>
    public int Attempts => _store.Attempts;

    public void RefuseNext(int count, int code = 451) => _store.Refuse(count, (SmtpReplyCode)code);

    /// <summary>The app's settings to send through this server; links in mails start with <paramref name="publicBaseUrl"/>.</summary>
    public Dictionary<string, string?> Settings(string publicBaseUrl = "http://taolens.test/") => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "none",
        ["Mail:From"] = "TaoLens <taolens@taolens.test>",
        ["Mail:RetryDelay"] = "00:00:00.020",
        ["App:PublicBaseUrl"] = publicBaseUrl,
    };

    public static async Task<SmtpTestServer> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var server = new SmtpTestServer(port);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new ServiceProvider();
        services.Add(server._store);
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>The first mail to <paramref name="address"/>, its plain-text part.</summary>
    public MimeMessage To(string address) => Messages.Single(m => m.To.Mailboxes.Any(b => b.Address == address));

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; ; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (i < 200)
            {
                await Task.Delay(25);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        private readonly ConcurrentQueue<MimeMessage> _messages = new();
        private readonly ConcurrentDictionary<ISessionContext, bool> _sessions = new();
        private readonly Lock _lock = new();
        private int _refusals;
        private SmtpReplyCode _code;
        private int _attempts;

        public IReadOnlyCollection<MimeMessage> Messages => _messages;

        public int Attempts => Volatile.Read(ref _attempts);

        public int Sessions => _sessions.Count;

        public void Refuse(int count, SmtpReplyCode code)
        {
            lock (_lock)
            {
                _refusals = count;
                _code = code;
            }
        }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            _sessions.TryAdd(context, true);
            lock (_lock)
            {
                if (_refusals > 0)
                {
                    _refusals--;
                    return new SmtpResponse(_code, "try again later");
                }
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            _messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
