using TaoLens.Data.Setup;
using TaoLens.Web.Components;
using TaoLens.Web.Features.Api;
using TaoLens.Web.Features.Errors;
using TaoLens.Web.Features.Health;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Features.Methods;
using TaoLens.Web.Features.Operators;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.RateLimiting;
using TaoLens.Web.Features.Security;

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
    // A build's static web assets (blazor.web.js, Plotly, compressed CSS) in every environment; a publish has them in wwwroot.
    builder.WebHost.UseStaticWebAssets();
    builder.Services.AddSecurity();
    builder.Services.AddErrorResponses();
    builder.Services.AddRateLimiting();
    builder.Services.AddHealth();
    builder.Services.AddTaoLensComponents();
    builder.Services.AddOverview();
    builder.Services.AddIngestionFeature();
    builder.Services.AddReadApi();

    var app = builder.Build();
    app.UseSecurity();
    app.UseHeadRequests();
    app.UseErrorResponses();
    app.UseRouting();
    app.UseRateLimiting();
    app.UseAntiforgery();
    app.MapTaoLensComponents();
    app.MapIngestionApi();
    app.MapReadApi();

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
