using System.Net.Sockets;
using Npgsql;

namespace TaoLens.Web.Features.Errors;

/// <summary>What an exception means for the answer: a client's mistake, the database being away, or a fault of ours.</summary>
public static class Failures
{
    /// <summary>How long a client should wait before trying again while the database is unavailable.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public static int StatusCodeOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when IsDatabaseUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// The database could not be reached or did not answer in time (it is down, restarting or frozen), as opposed to a
    /// query that failed: anywhere in the chain, a transient Npgsql error, a socket error or a timeout.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first line of each message in the chain: enough for a log line, never a stack trace.</summary>
    public static string Summary(Exception exception)
    {
        var lines = new List<string>();
        for (Exception? e = exception; e is not null && lines.Count < 4; e = e.InnerException)
        {
            lines.Add($"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}");
        }

        return string.Join(" <- ", lines);
    }
}
