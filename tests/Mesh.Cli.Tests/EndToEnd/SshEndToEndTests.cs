namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// mesh ssh against OpenSSH itself: a real sshd on a loopback port lets ssh in through the Mesh agent,
/// ssh-add lists the agent's keys, ssh-keygen reads the private keys mesh exports.
/// </summary>
[Collection(AppsTests.Name)]
public class SshEndToEndTests(AppsPortalFixture portal)
{
    private static readonly string[] KeyTypes = ["ed25519", "ecdsa", "rsa"];

    [NeedsOpenSshFact]
    public async Task Ssh_logs_in_through_the_agent_with_each_key_type_and_the_profile_known_hosts()
    {
        var owner = portal.NewAccount("sshowen");
        var created = KeyTypes.Select(type => owner.Local.Json("ssh", "create", "--type", type).GetProperty("authorizedKey").GetString()!).ToList();
        Assert.All(created, line => Assert.EndsWith($" sshowen@{PortalProcess.Domain}", line, StringComparison.Ordinal));
        var published = Lines(owner.Ok("ssh", "public"));
        Assert.Equal(created.Order(), published.Order());

        using var server = await SshServer.StartAsync(Path.GetDirectoryName(owner.Home)!);
        owner.Local.Ok("ssh", "known-hosts", "add", $"[127.0.0.1]:{server.Port}", server.HostKey);
        var knownHosts = Path.Combine(server.Folder, "known_hosts");
        File.WriteAllText(knownHosts, owner.Ok("ssh", "known-hosts", "export", "--hashed"));
        Assert.StartsWith("|1|", File.ReadAllText(knownHosts), StringComparison.Ordinal);

        using var agent = MeshSshAgent.Start(owner);
        // ssh-add lists exactly the profile's keys.
        var listed = OpenSsh.Run("ssh-add", ["-L"], agent.Environment);
        Assert.True(listed.Code == 0, listed.Stderr);
        Assert.Equal(published.Select(KeyOnly).Order(), Lines(listed.Stdout).Select(KeyOnly).Order());

        // Each key alone in authorized_keys lets ssh in through the agent.
        foreach (var line in created)
        {
            File.WriteAllText(server.AuthorizedKeys, line + "\n");
            var login = server.Ssh(agent.Socket, knownHosts, "echo logged-in-$((6*7))");
            Assert.True(login.Code == 0, $"{line.Split(' ')[0]}: {login.Stderr}");
            Assert.Equal("logged-in-42\n", login.Stdout);
        }
        // A key that is not the profile's is refused (the negative control), and so is a host key the profile does not trust.
        using (var other = Mesh.Ssh.SshKeyPair.Generate(Mesh.Ssh.SshKeyType.Ed25519)) File.WriteAllText(server.AuthorizedKeys, other.PublicKey.ToLine() + "\n");
        Assert.NotEqual(0, server.Ssh(agent.Socket, knownHosts, "true").Code);
        File.WriteAllText(server.AuthorizedKeys, created[0] + "\n");
        var wrongHosts = Path.Combine(server.Folder, "wrong_known_hosts");
        File.WriteAllText(wrongHosts, $"[127.0.0.1]:{server.Port} {created[0].Split(' ')[0]} {created[0].Split(' ')[1]}\n");
        Assert.Contains("Host key verification failed", server.Ssh(agent.Socket, wrongHosts, "true").Stderr, StringComparison.Ordinal);

        var (exit, _) = agent.Stop();
        Assert.Equal(0, exit);
        Assert.False(File.Exists(agent.Socket));
    }

    [NeedsOpenSshFact]
    public void Ssh_keygen_reads_every_exported_private_key()
    {
        var owner = portal.NewAccount("sshkeygen");
        var folder = Path.GetDirectoryName(owner.Home)!;
        foreach (var type in KeyTypes)
        {
            var created = owner.Local.Json("ssh", "create", "--type", type);
            var fingerprint = created.GetProperty("fingerprint").GetString()!;
            var file = Path.Combine(folder, "id_" + type);
            var export = owner.Local.Run("ssh", "export", fingerprint, "--private", "--output", file);
            Assert.True(export.Exit == 0, export.Err);
            Assert.Contains("unencrypted", export.Err, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            var derived = OpenSsh.Run("ssh-keygen", ["-y", "-f", file]);
            Assert.True(derived.Code == 0, derived.Stderr);
            Assert.Equal(KeyOnly(created.GetProperty("authorizedKey").GetString()!), KeyOnly(derived.Stdout.Trim()));
            var listed = OpenSsh.Run("ssh-keygen", ["-l", "-f", file]);
            Assert.Contains(fingerprint, listed.Stdout, StringComparison.Ordinal);
        }
        // And mesh imports what ssh-keygen makes, with a passphrase.
        var keyFile = Path.Combine(folder, "id_imported");
        Assert.Equal(0, OpenSsh.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "correct horse", "-C", "from-ssh-keygen", "-f", keyFile]).Code);
        File.WriteAllText(Path.Combine(folder, "pass"), "correct horse\n");
        owner.Local.Fails("ssh", "import", keyFile);
        var imported = owner.Local.Json("ssh", "import", keyFile, "--key-passphrase-file", Path.Combine(folder, "pass"));
        Assert.Equal(KeyOnly(File.ReadAllText(keyFile + ".pub").Trim()), KeyOnly(imported.GetProperty("authorizedKey").GetString()!));
        Assert.EndsWith(" from-ssh-keygen", imported.GetProperty("authorizedKey").GetString(), StringComparison.Ordinal);
    }

    [NeedsOpenSshFact]
    public async Task A_second_device_logs_in_with_the_shared_key_and_a_revoked_one_gets_no_new_key()
    {
        var laptop = portal.NewAccount("sshtwo");
        var shared = laptop.Local.Json("ssh", "create").GetProperty("authorizedKey").GetString()!;
        var (phone, phoneId) = Connect(laptop, $"sshtwo@{PortalProcess.Domain}", "phone");
        phone.Local.Ok("sync");

        using var server = await SshServer.StartAsync(Path.GetDirectoryName(phone.Home)!);
        phone.Local.Ok("ssh", "known-hosts", "add", $"[127.0.0.1]:{server.Port}", server.HostKey);
        var knownHosts = Path.Combine(server.Folder, "known_hosts");
        File.WriteAllText(knownHosts, phone.Local.Ok("ssh", "known-hosts", "export"));
        File.WriteAllText(server.AuthorizedKeys, shared + "\n");
        // A key of the phone's own: the laptop publishes its line but cannot sign with it.
        var own = phone.Local.Json("ssh", "create", "--per-device");
        Assert.Contains("phone", own.GetProperty("authorizedKey").GetString(), StringComparison.Ordinal);
        var seen = laptop.Local.Json("ssh", "list").GetProperty("keys").EnumerateArray()
            .Single(k => k.GetProperty("fingerprint").GetString() == own.GetProperty("fingerprint").GetString());
        Assert.Equal("per-device", seen.GetProperty("kind").GetString());
        Assert.False(seen.GetProperty("heldHere").GetBoolean());
        Assert.Contains(own.GetProperty("authorizedKey").GetString()!, laptop.Local.Ok("ssh", "public"), StringComparison.Ordinal);
        string rotated;
        using (var agent = MeshSshAgent.Start(phone))
        {
            Assert.Equal(0, server.Ssh(agent.Socket, knownHosts, "true").Code);
            File.WriteAllText(server.AuthorizedKeys, own.GetProperty("authorizedKey").GetString() + "\n");
            Assert.Equal(0, server.Ssh(agent.Socket, knownHosts, "true").Code);

            // The laptop removes the phone and rotates the shared key: the phone's agent, on its next sync, never gets the new one.
            laptop.Local.Ok("device", "revoke", phoneId);
            rotated = laptop.Local.Json("ssh", "rotate").GetProperty("authorizedKey").GetString()!;
            Assert.Contains("removed", phone.Local.Fails("sync").Err, StringComparison.Ordinal);
            Assert.DoesNotContain(KeyOnly(rotated), OpenSsh.Run("ssh-add", ["-L"], agent.Environment).Stdout, StringComparison.Ordinal);
            File.WriteAllText(server.AuthorizedKeys, rotated + "\n");
            Assert.NotEqual(0, server.Ssh(agent.Socket, knownHosts, "true").Code);
        }
        // The laptop's agent offers the new key, and the retired one until it is removed.
        using var laptopAgent = MeshSshAgent.Start(laptop);
        var offered = OpenSsh.Run("ssh-add", ["-L"], laptopAgent.Environment).Stdout;
        Assert.Contains(KeyOnly(rotated), offered, StringComparison.Ordinal);
        Assert.Contains(KeyOnly(shared), offered, StringComparison.Ordinal);
        File.WriteAllText(knownHosts, laptop.Local.Ok("ssh", "known-hosts", "export"));
        Assert.Equal(0, server.Ssh(laptopAgent.Socket, knownHosts, "true").Code);
        Assert.DoesNotContain(KeyOnly(own.GetProperty("authorizedKey").GetString()!), offered, StringComparison.Ordinal);
    }

    [NeedsOpenSshFact]
    public void With_confirm_the_agent_signs_only_what_the_terminal_allows()
    {
        var owner = portal.NewAccount("sshconfirm");
        var folder = Path.GetDirectoryName(owner.Home)!;
        File.WriteAllText(Path.Combine(folder, "key.pub"), owner.Local.Ok("ssh", "create"));
        File.WriteAllText(Path.Combine(folder, "data"), "to sign");
        using var agent = MeshSshAgent.Start(owner, "--confirm");
        SshToolResult Sign() => OpenSsh.Run("ssh-keygen", ["-q", "-Y", "sign", "-f", Path.Combine(folder, "key.pub"), "-n", "file", Path.Combine(folder, "data")], agent.Environment);
        agent.Answer("n");
        Assert.NotEqual(0, Sign().Code);
        agent.Answer("y");
        Assert.True(Sign() is { Code: 0 } signed, "allowed, the signature is made");
        Assert.True(File.Exists(Path.Combine(folder, "data.sig")));
        var (_, err) = agent.Stop();
        Assert.Equal(2, err.Split("allow a signature with SHA256:").Length - 1);
    }

    [Fact]
    public void Known_hosts_import_list_remove_and_export()
    {
        var owner = portal.NewAccount("sshhosts");
        using var a = Mesh.Ssh.SshKeyPair.Generate(Mesh.Ssh.SshKeyType.Ed25519);
        using var b = Mesh.Ssh.SshKeyPair.Generate(Mesh.Ssh.SshKeyType.EcdsaP256);
        var file = Path.Combine(Path.GetDirectoryName(owner.Home)!, "known_hosts");
        File.WriteAllText(file, $"github.com,192.0.2.7 {a.PublicKey.ToLine()}\n@revoked * {b.PublicKey.ToLine()}\n[git.example.com]:2222 {b.PublicKey.ToLine()}\nbroken line\n");
        var imported = owner.Local.Run("ssh", "known-hosts", "import", file);
        Assert.Equal(0, imported.Exit);
        Assert.Contains("Imported 2 host key(s)", imported.Out, StringComparison.Ordinal);
        Assert.Contains($"{file}:2: not imported", imported.Err, StringComparison.Ordinal);
        Assert.Contains($"{file}:4: not imported", imported.Err, StringComparison.Ordinal);
        Assert.Contains("Imported 0 host key(s)", owner.Local.Run("ssh", "known-hosts", "import", file).Out, StringComparison.Ordinal);

        owner.Local.Ok("ssh", "known-hosts", "remove", "192.0.2.7");
        var hosts = owner.Local.Json("ssh", "known-hosts", "list").GetProperty("knownHosts").EnumerateArray()
            .Select(h => string.Join(',', h.GetProperty("hosts").EnumerateArray().Select(n => n.GetString()))).ToList();
        Assert.Equal(["github.com", "[git.example.com]:2222"], hosts);
        Assert.Equal($"github.com {a.PublicKey.ToLine()}\n[git.example.com]:2222 {b.PublicKey.ToLine()}\n", owner.Local.Ok("ssh", "known-hosts", "export"));
        owner.Local.Fails("ssh", "known-hosts", "remove", "192.0.2.7");
        owner.Local.Fails("ssh", "known-hosts", "add", "*.example.com", a.PublicKey.ToLine());
        owner.Local.Fails("ssh", "known-hosts", "add", "example.com", "ssh-ed25519 AAAA");
    }

    [Fact]
    public void A_private_key_is_not_printed_to_a_terminal_without_force()
    {
        var owner = portal.NewAccount("sshterm");
        owner.Local.Ok("ssh", "create");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = ["--home", owner.Home, "--portal-url", owner.PortalUrl, "ssh", "export", "--private"];
        Assert.Equal(1, MeshCommand.Run(args, TextReader.Null, stdout, stderr, outIsTerminal: true));
        Assert.Equal("", stdout.ToString());
        Assert.Contains("not printed to a terminal", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, MeshCommand.Run([.. args, "--force"], TextReader.Null, stdout, stderr, outIsTerminal: true));
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", stdout.ToString(), StringComparison.Ordinal);
        // The public line needs no such care.
        Assert.StartsWith("ssh-ed25519 ", owner.Local.Ok("ssh", "export"), StringComparison.Ordinal);
    }

    // The device connection flow of docs/connecting-devices.md: request, accept on the administering device, complete.
    private static (AppsProcess Device, string Id) Connect(AppsProcess admin, string account, string description)
    {
        var device = AppsProcess.NewHome(admin.PortalUrl);
        var id = device.Local.Json("device", "request", account, "--description", description).GetProperty("device").GetString()!;
        admin.Local.Ok("device", "accept", id);
        device.Local.Ok("device", "complete");
        return (device, id);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string KeyOnly(string line) => string.Join(' ', line.Split(' ').Take(2));
}
