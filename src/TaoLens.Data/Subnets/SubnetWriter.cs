using Npgsql;

namespace TaoLens.Data.Subnets;

/// <summary>
/// Upserts subnets seen by a source. A field the source did not give (null) keeps its stored value; first seen only
/// moves back, last seen only forward; a subnet seen by a live source stops being reference data.
/// </summary>
public static class SubnetWriter
{
    /// <summary>Returns the number of rows inserted or changed. Runs inside the caller's transaction.</summary>
    public static async Task<int> UpsertAsync(NpgsqlConnection connection, IReadOnlyCollection<Subnet> subnets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subnets);
        var rows = subnets.DistinctBy(s => s.Netuid).ToList();
        await using var command = new NpgsqlCommand("""
            INSERT INTO subnets AS s (netuid, name, symbol, owner_hotkey, owner_coldkey, registration_block, registered_at, github_repo, contact, url,
                discord, description, logo_url, additional, first_seen_at, last_seen_at, is_reference_data)
            SELECT *, false FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::text[], $9::text[],
                $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::timestamptz[])
            ON CONFLICT (netuid) DO UPDATE SET
                name = coalesce(excluded.name, s.name), symbol = coalesce(excluded.symbol, s.symbol),
                owner_hotkey = coalesce(excluded.owner_hotkey, s.owner_hotkey), owner_coldkey = coalesce(excluded.owner_coldkey, s.owner_coldkey),
                registration_block = coalesce(excluded.registration_block, s.registration_block), registered_at = coalesce(excluded.registered_at, s.registered_at),
                github_repo = coalesce(excluded.github_repo, s.github_repo), contact = coalesce(excluded.contact, s.contact), url = coalesce(excluded.url, s.url),
                discord = coalesce(excluded.discord, s.discord), description = coalesce(excluded.description, s.description),
                logo_url = coalesce(excluded.logo_url, s.logo_url), additional = coalesce(excluded.additional, s.additional),
                first_seen_at = least(s.first_seen_at, excluded.first_seen_at), last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at),
                is_reference_data = false
            WHERE (s.name, s.symbol, s.owner_hotkey, s.owner_coldkey, s.registration_block, s.registered_at, s.github_repo, s.contact, s.url, s.discord,
                    s.description, s.logo_url, s.additional, s.is_reference_data, s.first_seen_at, s.last_seen_at)
                IS DISTINCT FROM
                (coalesce(excluded.name, s.name), coalesce(excluded.symbol, s.symbol), coalesce(excluded.owner_hotkey, s.owner_hotkey),
                    coalesce(excluded.owner_coldkey, s.owner_coldkey), coalesce(excluded.registration_block, s.registration_block),
                    coalesce(excluded.registered_at, s.registered_at), coalesce(excluded.github_repo, s.github_repo), coalesce(excluded.contact, s.contact),
                    coalesce(excluded.url, s.url), coalesce(excluded.discord, s.discord), coalesce(excluded.description, s.description),
                    coalesce(excluded.logo_url, s.logo_url), coalesce(excluded.additional, s.additional), false,
                    least(s.first_seen_at, excluded.first_seen_at), greatest(s.last_seen_at, excluded.last_seen_at))
            """, connection);
        Add(command, rows.Select(s => s.Netuid).ToArray());
        Add(command, rows.Select(s => s.Name).ToArray());
        Add(command, rows.Select(s => s.Symbol).ToArray());
        Add(command, rows.Select(s => s.OwnerHotkey).ToArray());
        Add(command, rows.Select(s => s.OwnerColdkey).ToArray());
        Add(command, rows.Select(s => s.RegistrationBlock).ToArray());
        Add(command, rows.Select(s => s.RegisteredAt).ToArray());
        Add(command, rows.Select(s => s.GithubRepo).ToArray());
        Add(command, rows.Select(s => s.Contact).ToArray());
        Add(command, rows.Select(s => s.Url).ToArray());
        Add(command, rows.Select(s => s.Discord).ToArray());
        Add(command, rows.Select(s => s.Description).ToArray());
        Add(command, rows.Select(s => s.LogoUrl).ToArray());
        Add(command, rows.Select(s => s.Additional).ToArray());
        Add(command, rows.Select(s => s.FirstSeenAt).ToArray());
        Add(command, rows.Select(s => s.LastSeenAt).ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, T[] values) => command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });
}
