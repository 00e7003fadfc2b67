using Mesh.Portal.Accounts;
using Mesh.Schema;

namespace Mesh.Portal.Transactions;

/// <summary>
/// Draft 7.8: finds entries by identifier, by account (its personal profile) or by index term
/// (KeyValue "Name"). The latest version by default; with Multiple, the versions newest first,
/// within SearchConstraints and paged.
/// </summary>
public static class GetTransaction
{
    /// <summary>Answers a Get.</summary>
    public static Reply Handle(RequestContext context, GetRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var limits = request.SearchConstraints;
        var maxEntries = (int)Math.Clamp(limits?.MaxEntries ?? services.Options.MaxPageEntries, 1, services.Options.MaxPageEntries);
        var maxBytes = limits?.MaxBytes is > 0 and var b ? b : long.MaxValue;
        var full = request.Full == true;

        PageKeys.EntryPage page;
        if (limits?.PageKey is { } key) page = PageKeys.Read(key);
        else
        {
            var identifiers = Identifiers(context, request);
            if (identifiers.Count == 0) throw NotFound(request);
            if (identifiers.Count > 1) return Latest(context, identifiers, full, request);
            page = new PageKeys.EntryPage(identifiers[0], limits?.NotBefore, limits?.Before, long.MaxValue);
        }

        var count = request.Multiple == true || limits?.PageKey is not null ? maxEntries : 1;
        // The common case, a device fetching the latest version, is answered from the rendered answers,
        // and without time limits from the latest versions the store may hold in memory.
        if (count == 1 && !full)
        {
            var latest = page is { NotBefore: null, Before: null }
                ? services.Store.FindLatestEntry(page.Identifier)
                : services.Store.FindEntryVersions(page.Identifier, page.NotBefore, page.Before, page.BelowIndex, 1) is [var first, ..] ? first : null;
            return services.Rendered.Get((latest ?? throw NotFound(request)).LogIndex, services.Options.Domain, index => services.Store.ReadLog(index, 1)[0]);
        }
        var versions = services.Store.FindEntryVersions(page.Identifier, page.NotBefore, page.Before, page.BelowIndex, count + 1);
        if (versions.Count == 0) throw NotFound(request);

        var items = new List<DataItem>();
        long bytes = 0;
        foreach (var version in versions.Take(count))
        {
            var row = services.Store.ReadLog(version.LogIndex, 1)[0];
            // Always return at least one item, so that paging makes progress whatever MaxBytes says.
            if (items.Count > 0 && bytes + row.Leaf.Length > maxBytes) break;
            bytes += row.Leaf.Length;
            items.Add(DataItems.From(row, services.Options.Domain, full));
        }
        var more = versions.Count > items.Count && (request.Multiple == true || limits?.PageKey is not null);
        return WithProofs(services, full, new GetResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = $"Found {items.Count} item(s).",
            DataItems = items,
            PageKey = more ? PageKeys.Write(page with { BelowIndex = versions[items.Count - 1].LogIndex }) : null,
        });
    }

    private static List<string> Identifiers(RequestContext context, GetRequest request)
    {
        var services = context.Services;
        var identifiers = new List<string>();
        if (request.Identifier is { } id) identifiers.Add(id);
        if (request.Account is { } account)
        {
            if (services.Accounts.ProfileIdentifier(AccountNames.Normalize(account, services.Options.Domain)) is { } profile)
                identifiers.Add(profile);
        }
        // Each pair is a query: no more of them than one page of answers.
        if (request.KeyValues?.Count > services.Options.MaxPageEntries)
            throw new MeshException($"A Get may give at most {services.Options.MaxPageEntries} KeyValues, not {request.KeyValues.Count}.");
        foreach (var pair in request.KeyValues ?? [])
        {
            if (pair.Key != "Name" || pair.Value is null)
                throw new MeshException($"Only KeyValues with Key \"Name\" (an index term fingerprint) are supported, not \"{pair.Key}\".");
            identifiers.AddRange(services.Store.FindByTerm(pair.Value, services.Options.MaxPageEntries));
        }
        if (request.Identifier is null && request.Account is null && request.KeyValues is null && request.SearchConstraints?.PageKey is null)
            throw new MeshException("A Get must give an Identifier, an Account, KeyValues or a PageKey.");
        return [.. identifiers.Distinct(StringComparer.Ordinal)];
    }

    private static Reply Latest(RequestContext context, List<string> identifiers, bool full, GetRequest request)
    {
        var services = context.Services;
        var items = identifiers.Take(services.Options.MaxPageEntries)
            .Select(id => services.Store.FindEntryVersions(id, null, null, null, 1))
            .Where(v => v.Count == 1)
            .Select(v => DataItems.From(services.Store.ReadLog(v[0].LogIndex, 1)[0], services.Options.Domain, full))
            .ToList();
        if (items.Count == 0) throw NotFound(request);
        return WithProofs(services, full, new GetResponse { Status = (int)MeshStatus.SuccessOK, StatusDescription = $"Found {items.Count} item(s).", DataItems = items });
    }

    /// <summary>When Full: an inclusion proof for each item to a signed checkpoint that covers them all.</summary>
    private static GetResponse WithProofs(PortalServices services, bool full, GetResponse response)
    {
        if (!full) return response;
        var items = response.DataItems!;
        var checkpoint = services.Checkpoints.Ensure(items.Max(i => i.LogIndex!.Value) + 1);
        var proofs = Transparency.Proofs.Inclusion(services.Store, [.. items.Select(i => i.LogIndex!.Value)], checkpoint.TreeSize);
        return response with
        {
            DataItems = [.. items.Select((item, i) => item with { InclusionProof = proofs[i] })],
            CheckpointValue = System.Text.Encoding.UTF8.GetString(checkpoint.SignedBytes),
        };
    }

    private static MeshException NotFound(GetRequest request) => new(MeshStatus.NotFound,
        request.Account is { } account ? $"There is no account {account} here."
        : request.Identifier is { } id ? $"Nothing has been published here under {id}."
        : "Nothing matches the request.");
}
