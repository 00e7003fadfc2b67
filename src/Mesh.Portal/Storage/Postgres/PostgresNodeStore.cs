using Mesh.Merkle;
using Npgsql;
using NpgsqlTypes;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// The Merkle nodes in the merkle_node table, read and written through one connection. Inside a
/// write transaction it checks each batch against the preconditions of <see cref="IMerkleNodeStore.PutNodes"/>
/// before writing it; it remembers where each level continues, which stays true because the
/// transaction holds the writers' lock. Inside a write transaction its writes join the
/// transaction's <paramref name="writes"/>, sent before its next read.
/// </summary>
internal sealed class PostgresNodeStore(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool ownsConnection,
    PostgresWriteBatch? writes = null, Dictionary<int, long>? levels = null, Dictionary<(int, long), byte[]>? preloaded = null) : INodeReader
{
    // Where each level continues: read by the write transaction when it starts, else once per level.
    private readonly Dictionary<int, long> _next = levels ?? [];

    public long LeafCount => transaction is null ? Count(0) : Next(0);

    public byte[] GetNode(int level, long index)
    {
        // Nodes never change: one read with the transaction's start (the frontier) is as good as one now.
        if (preloaded is not null && preloaded.TryGetValue((level, index), out var known)) return (byte[])known.Clone();
        writes?.Flush();
        using var command = PostgresQueries.Command(connection, transaction, "SELECT hash FROM merkle_node WHERE level = @level AND idx = @idx", ("level", level), ("idx", index));
        return command.ExecuteScalar() as byte[]
            ?? throw new InvalidOperationException($"The Merkle node ({level}, {index}) is missing: the store has lost data.");
    }

    public void PutNodes(IReadOnlyList<MerkleNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (transaction is null) throw new InvalidOperationException("Merkle nodes are written only inside a write transaction.");
        // Checked before anything is written: a failed statement would abort the whole transaction.
        var next = new Dictionary<int, long>();
        foreach (var node in nodes)
        {
            if (node.Level is < 0 or > MerkleNode.MaxLevel) throw new InvalidOperationException($"Level {node.Level} is out of range.");
            var expected = next.TryGetValue(node.Level, out var n) ? n : Next(node.Level);
            if (node.Index != expected)
                throw new InvalidOperationException(node.Index < expected
                    ? $"Node ({node.Level}, {node.Index}) has already been written; nodes never change."
                    : $"Node ({node.Level}, {node.Index}) leaves a gap; level {node.Level} continues at {expected}.");
            next[node.Level] = expected + 1;
        }
        if (nodes.Count == 0) return;

        // One statement for the whole batch (in a write transaction, with the rest of its nodes).
        if (writes is not null) writes.AddNodes(nodes.Select(x => (x.Level, x.Index, x.Hash)));
        else
        {
            using var command = new NpgsqlCommand("INSERT INTO merkle_node (level, idx, hash) SELECT * FROM unnest(@levels, @indexes, @hashes)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("levels", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = nodes.Select(x => x.Level).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("indexes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = nodes.Select(x => x.Index).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = nodes.Select(x => x.Hash).ToArray() });
            command.ExecuteNonQuery();
        }
        foreach (var (level, index) in next) _next[level] = index;
    }

    // Where a level continues, read once per transaction.
    private long Next(int level)
    {
        if (!_next.TryGetValue(level, out var next)) _next[level] = next = Count(level);
        return next;
    }

    // A backward scan of the primary key: O(log n).
    private long Count(int level)
    {
        writes?.Flush();
        using var command = PostgresQueries.Command(connection, transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_node WHERE level = @level", ("level", level));
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        if (ownsConnection) connection.Dispose();
    }
}
