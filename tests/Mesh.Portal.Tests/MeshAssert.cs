using Mesh.Schema;

namespace Mesh.Portal.Tests;

/// <summary>Assertions on the Mesh status a portal answers with.</summary>
public static class MeshAssert
{
    /// <summary>The request is refused with <paramref name="status"/> and a description, which is returned.</summary>
    public static async Task<MeshException> AssertRefused(MeshStatus status, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<MeshException>(action);
        Assert.Equal(status, e.Status);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }

    /// <summary>The status the request was answered with, whether it succeeded or was refused.</summary>
    public static async Task<MeshStatus> Outcome<T>(Task<T> request) where T : MeshResponse
    {
        try
        {
            return (MeshStatus)(await request).Status!;
        }
        catch (MeshException e)
        {
            return e.Status;
        }
    }
}
