using TaoLens.Data.Setup;
using TaoLens.LocalPostgres;
using TaoLens.Web.Features.Accounts;
using TaoLens.Web.Components;
using TaoLens.Web.Features.Claims;
using TaoLens.Web.Features.Compare;
using TaoLens.Web.Features.Digest;
using TaoLens.Web.Features.Errors;
using TaoLens.Web.Features.Events;
using TaoLens.Web.Features.Health;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Features.Mail;
using TaoLens.Web.Features.Methods;
using TaoLens.Web.Features.Network;
using TaoLens.Web.Features.Operators;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.RateLimiting;
using TaoLens.Web.Features.Revenue;
using TaoLens.Web.Features.Security;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Teams;
using TaoLens.Web.Features.Valuation;
using TaoLens.Web.Features.Views;

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
    // A build's static web assets (blazor.web.js, Plotly, compressed CSS) in every environment; a publish has them in wwwroot.
    builder.WebHost.UseStaticWebAssets();
    builder.Services.AddSecurity();
    builder.Services.AddErrorResponses();
    builder.Services.AddRateLimiting();
    builder.Services.AddMail();
    builder.Services.AddAccounts();
    builder.Services.AddTeams();
    builder.Services.AddViews();
    builder.Services.AddDigest();
    builder.Services.AddHealth();
    builder.Services.AddTaoLensComponents();
    builder.Services.AddOpenApi();
    builder.Services.AddValuation();
    builder.Services.AddOverview();
    builder.Services.AddNetwork();
    builder.Services.AddSubnets();
    builder.Services.AddCompare();
    builder.Services.AddClaims();
    builder.Services.AddIngestionFeature();
    builder.Services.AddRevenue();

    var app = builder.Build();
    app.UseSecurity();
    app.UseHeadRequests();
    app.UseErrorResponses();
    app.UseRouting();
    // Limits first, so that guessing tokens or passwords is throttled before any lookup.
    app.UseRateLimiting();
    app.UseAccounts();
    app.UseAntiforgery();
    app.UseRevenueForms();
    app.MapTaoLensComponents();
    app.MapOpenApi();
    app.MapHealth();

    // The read API (JSON, camelCase; ?format=csv on tables), described at /openapi/v1.json.
    var api = app.MapGroup("/api/v1");
    api.MapNetwork();
    api.MapSubnets();
    api.MapClaims();
    api.MapEvents();
    api.MapIngestion();
    api.MapAccounts();
    api.MapTeams();
    api.MapDigest();
    api.MapRevenue();
    // Saved views: /api/v1/views and the /views pages' form posts.
    app.MapViews();
    // The ledger import page's form post.
    app.MapRevenueForms();
    // The digest mails' one-click unsubscribe link.
    app.MapDigestUnsubscribe();

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
