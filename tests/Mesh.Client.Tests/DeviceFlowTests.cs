using Mesh.Profiles;

namespace Mesh.Client.Tests;

/// <summary>The connect, accept, PIN and revoke flows against a real portal in this process.</summary>
public sealed class DeviceFlowTests
{
    [Fact]
    public async Task An_accepted_device_reads_the_applications_and_once_revoked_nothing_sealed_after()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var a = await portal.AdministratorAsync();
        var passwords = await TestApplications.AddPasswordsAsync(a, "before");

        var b = portal.Device("b");
        var started = await b.RequestConnectionAsync(InProcessPortal.Account, "phone");
        Assert.Equal(ConnectionStatus.Pending, await b.CompleteConnectionAsync());
        var pending = Assert.Single(await a.ListPendingAsync());
        Assert.Equal(started.Witness, pending.Witness);
        Assert.Equal("phone", pending.Description);

        var accepted = await a.AcceptAsync(started.DeviceId[..9]);
        Assert.Equal(("Accepted", 1, false), (accepted.Result, accepted.Resealed, accepted.Retried));
        Assert.Empty(accepted.Warnings);
        Assert.Equal(ConnectionStatus.Accepted, await b.CompleteConnectionAsync());
        Assert.Equal(InProcessPortal.Account, b.Account);
        Assert.Null(b.Home.ReadState().Pending);
        Assert.Equal("before", TestApplications.ReadPassword(b, passwords));
        Assert.False(Administration.IsAdministrator(b.Profile, b.Device.Identifier));

        var revoked = await a.RevokeAsync(b.Device.Identifier);
        Assert.Equal(("Revoked", 1), (revoked.Result, revoked.Resealed));
        Assert.Null(a.Profile.FindDevice(b.Device.Identifier));
        // The version now published is sealed to the remaining devices only.
        var latest = a.Home.ReadCached(passwords)!;
        Assert.Equal("before", TestApplications.ReadPassword(a, passwords, latest));
        var unreadable = Assert.Throws<MeshException>(() => TestApplications.ReadPassword(b, passwords, latest));
        Assert.Equal(MeshStatus.ClientUnauthorized, unreadable.Status);

        var refused = await Assert.ThrowsAsync<MeshException>(() => b.SyncAsync());
        Assert.Equal(MeshStatus.ClientUnauthorized, refused.Status);
        Assert.Contains("removed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_whose_profile_changed_meanwhile_syncs_and_retries_once_and_a_refusal_ends_the_request()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var a = await portal.AdministratorAsync();
        var b = portal.Device("b");
        await b.RequestConnectionAsync(InProcessPortal.Account, "phone");
        var c = portal.Device("c");
        await c.RequestConnectionAsync(InProcessPortal.Account, "tablet");

        // A second copy of the administering device accepts c while a, between its sync and its publish, accepts b.
        using var race = new BeforeFirstProfilePublish(() => a.AcceptAsync(b.Device.Identifier));
        var racer = portal.CopyOf("a", "a2", race);
        var accepted = await racer.AcceptAsync(c.Device.Identifier);
        Assert.True(race.Ran);
        Assert.True(accepted.Retried);
        Assert.Equal(ConnectionStatus.Accepted, await b.CompleteConnectionAsync());
        Assert.Equal(ConnectionStatus.Accepted, await c.CompleteConnectionAsync());
        Assert.Equal(3, c.Profile.Devices.Count);

        var d = portal.Device("d");
        await d.RequestConnectionAsync(InProcessPortal.Account, "unknown");
        Assert.Equal("Refused", (await a.RejectAsync(d.Device.Identifier)).Result);
        Assert.Equal(ConnectionStatus.Refused, await d.CompleteConnectionAsync());
        Assert.Null(d.Home.ReadState().Pending);
        Assert.Equal(MeshStatus.NotFound, (await Assert.ThrowsAsync<MeshException>(() => d.CompleteConnectionAsync())).Status);
        // Answered once: accepting it now finds nothing to accept.
        Assert.Equal(MeshStatus.NotFound, (await Assert.ThrowsAsync<MeshException>(() => a.AcceptAsync(d.Device.Identifier))).Status);

        // A connected device neither asks again nor administers.
        Assert.Equal(MeshStatus.AlreadyExists, (await Assert.ThrowsAsync<MeshException>(() => b.RequestConnectionAsync(InProcessPortal.Account, "again"))).Status);
        Assert.Equal(MeshStatus.ClientUnauthorized, (await Assert.ThrowsAsync<MeshException>(() => b.ListPendingAsync())).Status);
    }

    [Fact]
    public async Task A_valid_PIN_is_accepted_once_and_wrong_used_or_expired_PINs_are_left_waiting()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var a = await portal.AdministratorAsync();
        Assert.False(a.HasLivePins);
        var pin = a.IssuePin(TimeSpan.FromMinutes(10));
        Assert.True(a.HasLivePins);
        Assert.DoesNotContain(ConnectionPin.TryNormalize(pin.Pin, out var normal) ? Witness.Strip(normal) : "?", File.ReadAllText(Path.Combine(a.Home.Folder, "state.json")), StringComparison.Ordinal);
        var expired = a.IssuePin(TimeSpan.FromMinutes(10));
        var state = a.Home.ReadState();
        a.Home.WriteState(state with { Pins = [.. state.Pins!.Select(p => p == state.Pins![^1] ? p with { Expires = DateTimeOffset.UtcNow.AddMinutes(-1) } : p)] });

        var c = portal.Device("c");
        var withPin = await c.RequestConnectionAsync(InProcessPortal.Account, "tablet", pin.Pin.ToLowerInvariant());
        Assert.True(withPin.WithPin);
        var wrong = portal.Device("e");
        await wrong.RequestConnectionAsync(InProcessPortal.Account, "typo", ConnectionPin.Generate());
        var late = portal.Device("f");
        await late.RequestConnectionAsync(InProcessPortal.Account, "late", expired.Pin);

        var listed = (await a.ListPendingAsync()).ToDictionary(p => p.DeviceId);
        Assert.Equal(PinCheck.Valid, listed[c.Device.Identifier].Pin);
        Assert.NotNull(listed[c.Device.Identifier].AcceptedWithPin);
        Assert.Equal(withPin.Witness, listed[c.Device.Identifier].Witness);
        Assert.Equal(PinCheck.Unknown, listed[wrong.Device.Identifier].Pin);
        Assert.Equal(PinCheck.Expired, listed[late.Device.Identifier].Pin);
        Assert.All([wrong, late], d => Assert.Null(listed[d.Device.Identifier].AcceptedWithPin));
        Assert.False(a.HasLivePins);
        Assert.Equal(ConnectionStatus.Accepted, await c.CompleteConnectionAsync());

        // Used once, a PIN accepts no other device.
        var reused = portal.Device("d");
        await reused.RequestConnectionAsync(InProcessPortal.Account, "intruder", pin.Pin);
        var again = (await a.ListPendingAsync()).Single(p => p.DeviceId == reused.Device.Identifier);
        Assert.Equal((PinCheck.Used, null), (again.Pin, again.AcceptedWithPin));
        Assert.Equal(ConnectionStatus.Pending, await reused.CompleteConnectionAsync());
        Assert.Equal(3, (await a.ListPendingAsync()).Count);
    }

    [Fact]
    public async Task Two_requests_with_one_PIN_are_both_left_waiting_and_the_PIN_is_spent()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var a = await portal.AdministratorAsync();
        var pin = a.IssuePin(TimeSpan.FromMinutes(10));
        var first = portal.Device("b");
        await first.RequestConnectionAsync(InProcessPortal.Account, "phone", pin.Pin);
        var second = portal.Device("c");
        await second.RequestConnectionAsync(InProcessPortal.Account, "phone too", pin.Pin);

        var listed = await a.ListPendingAsync();
        Assert.All(listed, p => Assert.Equal((PinCheck.Shared, null), (p.Pin, p.AcceptedWithPin)));
        Assert.False(a.HasLivePins);
        Assert.Equal(PinCheck.Used, (await a.ListPendingAsync())[0].Pin);
        // Still open to a manual accept after comparing witness codes.
        Assert.Equal("Accepted", (await a.AcceptAsync(first.Device.Identifier)).Result);
    }

    /// <summary>Runs an action once, just before the first personal profile is published through it.</summary>
    private sealed class BeforeFirstProfilePublish(Func<Task> action) : DelegatingHandler(new HttpClientHandler())
    {
        public bool Ran { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            if (!Ran && body.Contains("\"PublishRequest\"", StringComparison.Ordinal) && body.Contains("\"SignedPersonalProfile\"", StringComparison.Ordinal))
            {
                Ran = true;
                await action();
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
