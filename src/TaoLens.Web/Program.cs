using TaoLens.Data.Setup;
using TaoLens.Web.Components;
using TaoLens.Web.Features.Api;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Features.Operators;
using TaoLens.Web.Features.Overview;

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
    builder.Services.AddOverview();
    builder.Services.AddIngestionFeature();
    builder.Services.AddReadApi();

    var app = builder.Build();
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
