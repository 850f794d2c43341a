using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using ServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace TaoLens.Benchmarks.Digest;

/// <summary>
/// A real SMTP server (the SmtpServer package, as tests/TaoLens.Web.Tests/Mail/SmtpTestServer.cs) in-process on
/// 127.0.0.1. Unlike the test server it keeps no messages: it counts them and their bytes, so 10,000 digests do not
/// sit parsed in memory and the server's own work stays small next to what is measured.
/// </summary>
public sealed class CountingSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Counter _counter = new();
    private Task _running = Task.CompletedTask;

    private CountingSmtpServer(int port) => Port = port;

    public int Port { get; }

    public long Messages => _counter.Messages;

    public long Bytes => _counter.Bytes;

    /// <summary>Sessions opened: one per SMTP connection.</summary>
    public long Sessions => _counter.Sessions;

    public static async Task<CountingSmtpServer> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var server = new CountingSmtpServer(port);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new ServiceProvider();
        services.Add(server._counter);
        services.Add((IEndpointListenerFactory)new NoDelayListenerFactory());
        var smtp = new SmtpServer.SmtpServer(options, services);
        smtp.SessionCreated += (_, _) => server._counter.Session();
        server._running = smtp.StartAsync(server._stop.Token);
        for (var i = 0; ; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (i < 200)
            {
                await Task.Delay(25);
            }
        }

        return server;
    }

    public void Reset() => _counter.Reset();

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

    /// <summary>
    /// The package's listener, but with Nagle's algorithm off on each connection. With it on, the server's
    /// answers to a pipelined MAIL/RCPT/DATA wait for the client's delayed ACK: about 40 ms a mail, a cost of this test
    /// server that a mail server such as Postfix, which answers a pipelined batch in one write, does not have.
    /// </summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>A plain-text connection (the benchmark sends with Mail:Security none, so no STARTTLS upgrade).</summary>
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();

        public PipeReader Input { get; } = PipeReader.Create(client.GetStream());

        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmark's server speaks plain SMTP.");

        public void Dispose()
        {
            _stream.Dispose();
            client.Dispose();
        }
    }

    private sealed class Counter : MessageStore
    {
        private long _messages;
        private long _bytes;
        private long _sessions;

        public long Messages => Interlocked.Read(ref _messages);

        public long Bytes => Interlocked.Read(ref _bytes);

        public long Sessions => Interlocked.Read(ref _sessions);

        public void Session() => Interlocked.Increment(ref _sessions);

        public void Reset()
        {
            Interlocked.Exchange(ref _messages, 0);
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _sessions, 0);
        }

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _messages);
            Interlocked.Add(ref _bytes, buffer.Length);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
