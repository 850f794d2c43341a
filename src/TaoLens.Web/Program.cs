using TaoLens.Data.Setup;
using TaoLens.Web.Components;
using TaoLens.Web.Features.Compare;
using TaoLens.Web.Features.Events;
using TaoLens.Web.Features.Health;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Features.Network;
using TaoLens.Web.Features.Operators;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

OperatorCommand? command;
string[] hostArgs;
try
{
    (command, hostArgs) = OperatorCommands.Split(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

try
{
    var builder = WebApplication.CreateBuilder(hostArgs);
    builder.AddTaoLensDatabase();
    builder.Services.AddTaoLensComponents();
    builder.Services.AddOpenApi();
    builder.Services.AddValuation();
    builder.Services.AddOverview();
    builder.Services.AddNetwork();
    builder.Services.AddSubnets();
    builder.Services.AddCompare();
    builder.Services.AddIngestionFeature();

    var app = builder.Build();
    app.MapTaoLensComponents();
    app.MapOpenApi();
    app.MapHealth();

    // The read API (JSON, camelCase; ?format=csv on tables), described at /openapi/v1.json.
    var api = app.MapGroup("/api/v1");
    api.MapNetwork();
    api.MapSubnets();
    api.MapEvents();
    api.MapIngestion();

    return command is null ? await RunAsync(app) : await OperatorCommands.RunAsync(app, command);
}
catch (DatabaseStartupException ex)
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
