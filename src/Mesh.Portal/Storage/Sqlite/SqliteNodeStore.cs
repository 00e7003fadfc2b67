using Mesh.Merkle;
using Microsoft.Data.Sqlite;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>The Merkle nodes in the merkle_node table, read and written through one connection.</summary>
internal sealed class SqliteNodeStore(SqliteConnection connection, SqliteTransaction? transaction, bool ownsConnection) : INodeReader
{
    public long LeafCount
    {
        get
        {
            using var command = Command("SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_node WHERE level = 0");
            return (long)command.ExecuteScalar()!;
        }
    }

    public byte[] GetNode(int level, long index)
    {
        using var command = Command("SELECT hash FROM merkle_node WHERE level = $level AND idx = $idx");
        command.Parameters.AddWithValue("$level", level);
        command.Parameters.AddWithValue("$idx", index);
        return command.ExecuteScalar() as byte[]
            ?? throw new InvalidOperationException($"The Merkle node ({level}, {index}) is missing: the store has lost data.");
    }

    public void PutNodes(IReadOnlyList<MerkleNode> nodes)
    {
        if (transaction is null) throw new InvalidOperationException("Merkle nodes are written only inside a write transaction.");
        Check(nodes);
        using var command = Command("INSERT INTO merkle_node (level, idx, hash) VALUES ($level, $idx, $hash)");
        var level = command.Parameters.Add("$level", SqliteType.Integer);
        var index = command.Parameters.Add("$idx", SqliteType.Integer);
        var hash = command.Parameters.Add("$hash", SqliteType.Blob);
        foreach (var node in nodes)
        {
            level.Value = node.Level;
            index.Value = node.Index;
            hash.Value = node.Hash;
            command.ExecuteNonQuery();
        }
    }

    // The preconditions of IMerkleNodeStore.PutNodes, checked before anything is written, so that a
    // refused batch leaves nothing behind in the transaction.
    private void Check(IReadOnlyList<MerkleNode> nodes)
    {
        var next = new Dictionary<int, long>();
        foreach (var node in nodes)
        {
            if (node.Level is < 0 or > MerkleNode.MaxLevel) throw new InvalidOperationException($"Level {node.Level} is out of range.");
            if (!next.TryGetValue(node.Level, out var expected))
            {
                using var count = Command("SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_node WHERE level = $level");
                count.Parameters.AddWithValue("$level", node.Level);
                expected = (long)count.ExecuteScalar()!;
            }
            if (node.Index != expected)
                throw new InvalidOperationException(node.Index < expected
                    ? $"Node ({node.Level}, {node.Index}) has already been written; nodes never change."
                    : $"Node ({node.Level}, {node.Index}) leaves a gap; level {node.Level} continues at {expected}.");
            next[node.Level] = expected + 1;
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        if (ownsConnection) connection.Dispose();
    }
}
