using Microsoft.AspNetCore.Http.HttpResults;

namespace TaoLens.Web.Api;

/// <summary>Problem answers the API shares (application/problem+json).</summary>
public static class ApiProblems
{
    /// <summary>A 404 problem for a netuid that is not in the subnets table.</summary>
    public static ProblemHttpResult UnknownSubnet(int netuid) =>
        TypedResults.Problem($"There is no subnet {netuid}.", statusCode: StatusCodes.Status404NotFound, title: "Subnet not found");
}
