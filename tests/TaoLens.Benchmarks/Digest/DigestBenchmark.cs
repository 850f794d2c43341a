using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TaoLens.Data;
using TaoLens.LocalPostgres;
using TaoLens.Web.Features.Digest;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Benchmarks.Digest;

/// <summary>
/// Issue 14's measure: the real <see cref="DigestSending.SendAllDueAsync"/> (Digest:Senders runs side by side), through the app's own services
/// (<see cref="WebApplicationFactory{TEntryPoint}"/> over Program.cs), sends 10,000 due digests to a real SMTP server
/// on loopback. Then, apart, in the same process and against the same data and server: composing against composing and
/// rendering (the rendering cost per digest), and <see cref="MailSender"/> against one raw MailKit connection sending
/// the same MIME messages (the SMTP cost per digest). Results: docs/benchmarks.md, "Weekly digest (10,000 recipients)".
/// Usage: <c>digest-bench [--recipients 10000] [--subnets 64] [--smtp-sample 1000]</c>.
/// </summary>
public static class DigestBenchmark
{
    private const string BaseUrl = "https://taolens.bench/";

    public static async Task<int> RunAsync(string[] args)
    {
        var recipients = 10_000;
        var subnets = 64;
        var sample = 1_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--recipients": recipients = value; break;
                case "--subnets": subnets = value; break;
                case "--smtp-sample": sample = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        sample = Math.Min(sample, recipients);
        var root = Path.Combine(Path.GetTempPath(), $"taolens-digest-bench-{Guid.NewGuid():N}");
        var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres") }, NullLogger.Instance);
        try
        {
            var loadBefore = Load();
            var now = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            // 40 days of 10-minute snapshots to yesterday: the 30-day window and the week before it are covered.
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (await Seeding.Seeder.RunAsync(["--connection", postgres.ConnectionString, "--days", "40", "--subnets", subnets.ToString(CultureInfo.InvariantCulture), "--end", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]) != 0)
            {
                return 1;
            }

            var counts = await DigestSeeder.SeedAsync(postgres.ConnectionString, recipients, subnets, now);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {counts.Users:N0} users, {counts.Teams:N0} teams, {counts.Views:N0} views; subscriptions follow {counts.PrivateViewsFollowed:N0} own and {counts.TeamViewsFollowed:N0} team views ({clock.Elapsed.TotalSeconds:F0} s)."));

            await using var smtp = await CountingSmtpServer.StartAsync();
            await using var app = new DigestBenchApp(postgres.ConnectionString, smtp.Port);
            var services = app.Services;
            var results = new List<string>();

            // (a) The whole run, as the scheduler or `digest send` runs it.
            var run = await MeasureAsync(async () =>
            {
                return await DigestSending.SendAllDueAsync(services, CancellationToken.None);
            });
            var peakAfterRun = PeakWorkingSet();
            if (run.Result != recipients || smtp.Messages != recipients)
            {
                throw new InvalidOperationException($"The run sent {run.Result} digests and the server took {smtp.Messages}; expected {recipients}.");
            }

            var runBytes = smtp.Bytes;
            var runSessions = smtp.Sessions;

            // (b) Composing, and composing plus rendering, for every recipient; no delivery rows, no mail.
            var people = await RecipientsAsync(services);
            var base_ = new Uri(BaseUrl);
            var mails = new List<OutgoingMail>(sample);
            long composeTicks = 0, renderTicks = 0;
            var build = await MeasureAsync(async () =>
            {
                await using var scope = services.CreateAsyncScope();
                var sending = scope.ServiceProvider.GetRequiredService<DigestSending>();
                var renderer = scope.ServiceProvider.GetRequiredService<DigestRenderer>();
                foreach (var person in people)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var digest = await sending.ComposeAsync(person, base_, CancellationToken.None);
                    var t1 = Stopwatch.GetTimestamp();
                    var rendered = await renderer.RenderAsync(digest);
                    var t2 = Stopwatch.GetTimestamp();
                    composeTicks += t1 - t0;
                    renderTicks += t2 - t1;
                    if (mails.Count < sample)
                    {
                        mails.Add(DigestSending.Mail(person, rendered, digest.UnsubscribeUrl, DigestDeliveries.MessageIdFor(person.SubscriptionId!.Value, new IsoWeekId(2000, 1))));
                    }
                }

                return people.Count;
            });

            // (d) The exactly-once bookkeeping alone: claim and mark sent for every recipient (another week), no mail.
            var booked = await MeasureAsync(async () =>
            {
                await using var scope = services.CreateAsyncScope();
                var deliveries = scope.ServiceProvider.GetRequiredService<DigestDeliveries>();
                var count = 0;
                foreach (var person in people)
                {
                    count += await deliveries.DeliverAsync(person.SubscriptionId!.Value, new IsoWeekId(2000, 1), _ => Task.FromResult("bench"), CancellationToken.None) ? 1 : 0;
                }

                return count;
            });

            // (c) The same prebuilt mails, over and over to `recipients` sends: MailSender against one raw MailKit connection.
            var sender = services.GetRequiredService<MailSender>();
            smtp.Reset();
            var viaSender = await MeasureAsync(async () =>
            {
                for (var i = 0; i < recipients; i++)
                {
                    await sender.SendAsync(mails[i % mails.Count], CancellationToken.None);
                }

                return recipients;
            });
            var senderSessions = smtp.Sessions;
            var messages = mails.Select(sender.Build).ToList();
            smtp.Reset();
            var raw = await MeasureAsync(async () =>
            {
                // As MailSender connects: Nagle off, else each mail waits for the server's delayed ACK.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync("127.0.0.1", smtp.Port);
                using var client = new SmtpClient();
                await client.ConnectAsync(socket, "127.0.0.1", smtp.Port, SecureSocketOptions.None);
                for (var i = 0; i < recipients; i++)
                {
                    await client.SendAsync(messages[i % messages.Count]);
                }

                await client.DisconnectAsync(quit: true);
                return recipients;
            });
            // (a) again, warm: the same run once more after forgetting this week's deliveries (the server has seen every phase since).
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TaoLensDbContext>().Database.ExecuteSqlRawAsync("TRUNCATE digest_deliveries");
            }

            smtp.Reset();
            var again = await MeasureAsync(async () =>
            {
                return await DigestSending.SendAllDueAsync(services, CancellationToken.None);
            });
            if (again.Result != recipients || smtp.Messages != recipients)
            {
                throw new InvalidOperationException($"The second run sent {again.Result} digests and the server took {smtp.Messages}; expected {recipients}.");
            }

            var againSessions = smtp.Sessions;
            var peak = PeakWorkingSet();

            var composeMs = Stopwatch.GetElapsedTime(0, composeTicks).TotalMilliseconds / people.Count;
            var renderMs = Stopwatch.GetElapsedTime(0, renderTicks).TotalMilliseconds / people.Count;
            var senderMs = viaSender.Elapsed.TotalMilliseconds / recipients;
            var rawMs = raw.Elapsed.TotalMilliseconds / recipients;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Weekly digest, {recipients:N0} recipients, {subnets} subnets; {Environment.ProcessorCount} cores; load average before: {loadBefore}"));
            Console.WriteLine("| Measure | Total | Per digest | Digests/s | Allocated | Notes |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            Row("(a) Whole run: DigestSending.SendAllDueAsync", run, recipients, $"{runSessions:N0} SMTP sessions, {runBytes / recipients / 1024.0:F1} KiB per mail");
            Row("(a) Whole run again, warm (last)", again, recipients, $"{againSessions:N0} SMTP sessions");
            Row("(b) Compose + render, no send", build, people.Count, string.Create(CultureInfo.InvariantCulture, $"compose {composeMs:F2} ms + render {renderMs:F2} ms per digest"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| (b) of which compose (baseline) | | {composeMs:F2} ms | | | |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| (b) of which render | | {renderMs:F2} ms | | | render ÷ compose = {renderMs / composeMs:F2}x |"));
            Row("(d) Claim + mark sent only, no mail", booked, people.Count, "DigestDeliveries.DeliverAsync: two committed statements per digest");
            Row("(c) MailSender.SendAsync, prebuilt mails", viaSender, recipients, $"{senderSessions:N0} SMTP sessions; {senderMs / rawMs:F2}x the raw connection");
            Row("(c) Raw MailKit, one connection (baseline)", raw, recipients, "same MIME messages");
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Whole run {run.Elapsed.TotalSeconds:F1} s cold, {again.Elapsed.TotalSeconds:F1} s warm ({(run.Elapsed.TotalSeconds < 60 ? "under" : "OVER")} the 60 s target cold); peak working set {peakAfterRun / 1048576.0:F0} MiB after the run, {peak / 1048576.0:F0} MiB at the end; load average after: {Load()}"));
            return 0;
        }
        finally
        {
            await postgres.StopAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Row(string name, Measured measured, int count, string notes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {measured.Elapsed.TotalSeconds:F1} s | {measured.Elapsed.TotalMilliseconds / count:F2} ms | {count / measured.Elapsed.TotalSeconds:F0} | {measured.Allocated / 1048576.0:F0} MiB ({measured.Allocated / 1024.0 / count:F0} KiB each) | {notes} |"));

    private static async Task<List<DigestRecipient>> RecipientsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaoLensDbContext>();
        return await db.DigestSubscriptions.AsNoTracking().Where(s => s.Enabled)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, s.UserId, u.Email })
            .OrderBy(r => r.Id)
            .Select(r => new DigestRecipient(r.UserId, r.Email!, r.Id))
            .ToListAsync();
    }

    private sealed record Measured(int Result, TimeSpan Elapsed, long Allocated);

    private static async Task<Measured> MeasureAsync(Func<Task<int>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await action();
        clock.Stop();
        return new Measured(result, clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The app as Program.cs builds it, on the benchmark's database and SMTP server; the scheduler off, logs at Warning.</summary>
    private sealed class DigestBenchApp : WebApplicationFactory<Program>
    {
        private readonly string _connection;
        private readonly int _smtpPort;

        public DigestBenchApp(string connection, int smtpPort)
        {
            (_connection, _smtpPort) = (connection, smtpPort);
            // The factory finds the app's content root from this variable first (the test projects get it from a build attribute).
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "TaoLens.Web")))
            {
                directory = directory.Parent;
            }

            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TAOLENS_WEB",
                Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Run from the repository: src/TaoLens.Web not found."), "src", "TaoLens.Web"));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:TaoLens"] = _connection,
                ["Database:MigrateOnStartup"] = "false",
                ["ReferenceData:Enabled"] = "false",
                ["Digest:SendScheduled"] = "false",
                ["Mail:Host"] = "127.0.0.1",
                ["Mail:Port"] = _smtpPort.ToString(CultureInfo.InvariantCulture),
                ["Mail:Security"] = "none",
                ["Mail:From"] = "TaoLens <taolens@taolens.bench>",
                ["App:PublicBaseUrl"] = BaseUrl,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var source in new[] { "Subtensor", "Taostats", "CoinGecko", "Chutes" })
            {
                settings[$"Sources:{source}:Enabled"] = "false";
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
