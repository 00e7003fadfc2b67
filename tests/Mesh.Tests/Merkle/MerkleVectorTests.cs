using System.Text.Json;
using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

/// <summary>
/// The transparency-dev/merkle vectors in Vectors/merkle (see its README): every file is checked
/// by the verifier, and the happy paths are also reproduced by the tree over the standard leaves.
/// </summary>
public class MerkleVectorTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Vectors", "merkle");

    public static TheoryData<string> Files(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(Root, folder), "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var data = new TheoryData<string>();
        foreach (var file in files.Order(StringComparer.Ordinal)) data.Add(Path.GetRelativePath(Root, file));
        return data;
    }

    [Fact]
    public void Every_inclusion_and_consistency_vector_is_run()
    {
        Assert.Equal(21, Files("inclusion").Count);
        Assert.Equal(19, Files("consistency").Count);
    }

    [Theory]
    [MemberData(nameof(Files), "inclusion")]
    public void Inclusion_vector(string file)
    {
        var v = Load(file);
        var leafHash = Bytes(v, "leafHash");
        var index = v.GetProperty("leafIdx").GetInt64();
        var size = v.GetProperty("treeSize").GetInt64();
        var proof = Proof(v);
        var root = Bytes(v, "root");
        var wantErr = v.GetProperty("wantErr").GetBoolean();

        Assert.Equal(!wantErr, MerkleVerifier.VerifyInclusion(leafHash, index, size, proof, root));
        Assert.Equal(wantErr, MerkleVerifier.CheckInclusion(leafHash, index, size, proof, root) != MerkleProofResult.Valid);
        if (wantErr) return;

        Assert.True(MerkleVerifier.TryRootFromInclusionProof(leafHash, index, size, proof, out var computed));
        Assert.Equal(root, computed);
        if (root.Length == MerkleHash.Size && size <= MerkleTestData.StandardLeaves.Length && IsStandardLeaf(leafHash, index))
        {
            var (tree, _) = MerkleTestData.TreeOf(MerkleTestData.StandardLeaves);
            Assert.Equal(root, tree.Root(size));
            Assert.Equal(proof, tree.InclusionProof(index, size));
        }
    }

    [Theory]
    [MemberData(nameof(Files), "consistency")]
    public void Consistency_vector(string file)
    {
        var v = Load(file);
        var size1 = v.GetProperty("size1").GetInt64();
        var size2 = v.GetProperty("size2").GetInt64();
        var proof = Proof(v);
        var root1 = Bytes(v, "root1");
        var root2 = Bytes(v, "root2");
        var wantErr = v.GetProperty("wantErr").GetBoolean();

        Assert.Equal(!wantErr, MerkleVerifier.VerifyConsistency(size1, size2, proof, root1, root2));
        Assert.Equal(wantErr, MerkleVerifier.CheckConsistency(size1, size2, proof, root1, root2) != MerkleProofResult.Valid);
        if (wantErr) return;

        Assert.True(MerkleVerifier.TryRootFromConsistencyProof(size1, size2, proof, root1, out var computed));
        Assert.Equal(root2, computed);
        var (tree, _) = MerkleTestData.TreeOf(MerkleTestData.StandardLeaves);
        if (size2 <= tree.Size && tree.Root(size1).AsSpan().SequenceEqual(root1))
        {
            Assert.Equal(root2, tree.Root(size2));
            Assert.Equal(proof, tree.ConsistencyProof(size1, size2));
        }
    }

    [Theory]
    [InlineData("inclusion/additional/0/random-leaf.json", MerkleProofResult.IndexOutOfRange)]
    [InlineData("inclusion/additional/3/empty-root.json", MerkleProofResult.IndexOutOfRange)]
    [InlineData("inclusion/additional/1/empty-root.json", MerkleProofResult.WrongHashLength)]
    [InlineData("inclusion/additional/1/empty-root-and-random-leaf.json", MerkleProofResult.RootMismatch)]
    [InlineData("inclusion/single-entry/empty-root.json", MerkleProofResult.RootMismatch)]
    public void Inclusion_failures_say_why(string file, MerkleProofResult expected)
    {
        var v = Load(file);
        Assert.Equal(expected, MerkleVerifier.CheckInclusion(Bytes(v, "leafHash"), v.GetProperty("leafIdx").GetInt64(),
            v.GetProperty("treeSize").GetInt64(), Proof(v), Bytes(v, "root")));
    }

    [Theory]
    [InlineData("consistency/additional/size1-is-greater-than-size2.json", MerkleProofResult.SizesOutOfOrder)]
    [InlineData("consistency/additional/size1-is-zero-and-size2-is-not-zero.json", MerkleProofResult.FromEmptyTree)]
    [InlineData("consistency/additional/sizes-match-but-proof-is-not-empty-and-sizes-are-one.json", MerkleProofResult.WrongProofLength)]
    [InlineData("consistency/additional/sizes-do-not-watch-and-proof-is-empty.json", MerkleProofResult.WrongProofLength)]
    [InlineData("consistency/additional/sizes-are-equal-zero-and-proof-is-empty.json", MerkleProofResult.RootMismatch)]
    [InlineData("consistency/additional/sizes-are-equal-one-but-roots-are-not.json", MerkleProofResult.RootMismatch)]
    public void Consistency_failures_say_why(string file, MerkleProofResult expected)
    {
        var v = Load(file);
        Assert.Equal(expected, MerkleVerifier.CheckConsistency(v.GetProperty("size1").GetInt64(), v.GetProperty("size2").GetInt64(),
            Proof(v), Bytes(v, "root1"), Bytes(v, "root2")));
    }

    private static bool IsStandardLeaf(byte[] leafHash, long index) =>
        index < MerkleTestData.StandardLeaves.Length && MerkleHash.Leaf(MerkleTestData.StandardLeaves[index]).AsSpan().SequenceEqual(leafHash);

    private static JsonElement Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, file)));
        return document.RootElement.Clone();
    }

    private static byte[] Bytes(JsonElement v, string name) => Convert.FromBase64String(v.GetProperty(name).GetString()!);

    // A null proof in the files means an empty one.
    private static byte[][] Proof(JsonElement v) =>
        v.GetProperty("proof").ValueKind == JsonValueKind.Null
            ? []
            : [.. v.GetProperty("proof").EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!))];
}
