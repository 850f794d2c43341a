using TaoLens.Data.Setup;
using TaoLens.LocalPostgres;
using TaoLens.Web.Components;
using TaoLens.Web.Features.Api;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Features.Operators;
using TaoLens.Web.Features.Overview;

// Operator commands (migrate, ingest, help) are checked in full before anything touches a database.
var commandLine = OperatorCommands.Parse(args);
if (commandLine.ExitCode is { } exitCode)
{
    await (exitCode == 0 ? Console.Out : Console.Error).WriteLineAsync(commandLine.Answer);
    return exitCode;
}

try
{
    var builder = WebApplication.CreateBuilder([.. commandLine.HostArgs]);
    // No connection string: a private PostgreSQL cluster on this machine, which this instance leaves after the host stops.
    using var startupLogging = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
    await using var embedded = await EmbeddedDatabase.StartIfNeededAsync(builder.Configuration, startupLogging.CreateLogger<EmbeddedPostgres>());
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddTaoLensDatabase();
    builder.Services.AddTaoLensComponents();
    builder.Services.AddOverview();
    builder.Services.AddIngestionFeature();
    builder.Services.AddReadApi();

    var app = builder.Build();
    app.MapTaoLensComponents();
    app.MapIngestionApi();
    app.MapReadApi();

    return commandLine.Command is null ? await RunAsync(app) : await OperatorCommands.RunAsync(app, commandLine.Command);
}
catch (Exception ex) when (ex is DatabaseStartupException or EmbeddedPostgresException)
{
    await Console.Error.WriteLineAsync($"TaoLens cannot start: {ex.Message}");
    return 1;
}

static async Task<int> RunAsync(WebApplication app)
{
    await app.RunAsync();
    return 0;
}

/// <summary>Visible to the test host.</summary>
public partial class Program;
