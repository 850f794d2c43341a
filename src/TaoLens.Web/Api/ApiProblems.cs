using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace TaoLens.Web.Api;

/// <summary>Problem answers the API shares.</summary>
public static class ApiProblems
{
    /// <summary>A 404 problem for a netuid that is not in the subnets table.</summary>
    public static NotFound<ProblemDetails> UnknownSubnet(int netuid) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Subnet not found",
        Detail = $"There is no subnet {netuid}.",
    });
}
