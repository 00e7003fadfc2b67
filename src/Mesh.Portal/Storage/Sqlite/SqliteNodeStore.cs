using Mesh.Merkle;
using Microsoft.Data.Sqlite;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>
/// The Merkle nodes in the merkle_node table, read and written through one session;
/// <paramref name="onDispose"/> gives a borrowed session back.
/// </summary>
internal sealed class SqliteNodeStore(SqliteSession session, SqliteTransaction? transaction, Action? onDispose) : INodeReader
{
    public long LeafCount
    {
        get => (long)session.Command(transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_node WHERE level = 0").ExecuteScalar()!;
    }

    public byte[] GetNode(int level, long index)
    {
        var command = session.Command(transaction, "SELECT hash FROM merkle_node WHERE level = $level AND idx = $idx", ("$level", level), ("$idx", index));
        return command.ExecuteScalar() as byte[]
            ?? throw new InvalidOperationException($"The Merkle node ({level}, {index}) is missing: the store has lost data.");
    }

    public void PutNodes(IReadOnlyList<MerkleNode> nodes)
    {
        if (transaction is null) throw new InvalidOperationException("Merkle nodes are written only inside a write transaction.");
        Check(nodes);
        var command = session.Command(transaction, "INSERT INTO merkle_node (level, idx, hash) VALUES ($level, $idx, $hash)");
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
                expected = (long)session.Command(transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_node WHERE level = $level", ("$level", node.Level)).ExecuteScalar()!;
            }
            if (node.Index != expected)
                throw new InvalidOperationException(node.Index < expected
                    ? $"Node ({node.Level}, {node.Index}) has already been written; nodes never change."
                    : $"Node ({node.Level}, {node.Index}) leaves a gap; level {node.Level} continues at {expected}.");
            next[node.Level] = expected + 1;
        }
    }

    public void Dispose() => onDispose?.Invoke();
}
