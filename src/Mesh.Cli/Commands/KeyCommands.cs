using System.CommandLine;
using System.Security.Cryptography;
using Mesh.Secrets;

namespace Mesh.Cli;

/// <summary><c>mesh key …</c>: nonces, secrets and secret sharing.</summary>
internal static class KeyCommands
{
    public static Command Create(CliConsole console)
    {
        var key = new Command("key", "Make nonces and secret keys; split a secret into shares and recover it.");
        key.Subcommands.Add(CreateNonce(console));
        key.Subcommands.Add(CreateSecret(console));
        key.Subcommands.Add(CreateShare(console));
        key.Subcommands.Add(CreateRecover(console));
        return key;
    }

    private static Command CreateNonce(CliConsole console)
    {
        var bits = new Option<int>("--bits")
        {
            HelpName = "N",
            Description = $"Random bits: a multiple of 8 from {Udf.MinNonceBits} to {Udf.MaxNonceBits}. Default {Udf.DefaultNonceBits}.",
            DefaultValueFactory = _ => Udf.DefaultNonceBits,
        };
        bits.Validators.Add(result =>
        {
            if (HashCommands.TryGetInt(result, out var value) && (value is < Udf.MinNonceBits or > Udf.MaxNonceBits || value % 8 != 0))
                result.AddError($"--bits must be a multiple of 8 from {Udf.MinNonceBits} to {Udf.MaxNonceBits}, not {value}.");
        });
        var json = HashCommands.JsonOption();
        var command = new Command("nonce", "Print a fresh random nonce as a UDF (starts with N): a value no one can guess, "
            + "for example a key for 'mesh hash udf --key'.") { bits, json };
        command.SetAction(parsed =>
        {
            var n = parsed.GetValue(bits);
            var nonce = Udf.Nonce(n);
            if (parsed.GetValue(json))
                console.WriteJson(w => { w.WriteString("nonce", nonce); w.WriteNumber("bits", n); });
            else
                console.Out.WriteLine(nonce);
            return 0;
        });
        return command;
    }

    private static Command CreateSecret(CliConsole console)
    {
        var bits = new Option<int>("--bits")
        {
            HelpName = "N",
            Description = "Key length: 128 or 256 bits. Default 256.",
            DefaultValueFactory = _ => 256,
        };
        bits.Validators.Add(result =>
        {
            if (HashCommands.TryGetInt(result, out var value) && value is not (128 or 256))
                result.AddError($"--bits must be 128 or 256, not {value}.");
        });
        var json = HashCommands.JsonOption();
        var command = new Command("secret", "Print a fresh random symmetric key as a UDF (starts with E). "
            + "Keep it secret; 'mesh key share' splits it into shares for safekeeping.") { bits, json };
        command.SetAction(parsed =>
        {
            var secret = Udf.RandomSymmetricKey(parsed.GetValue(bits));
            WriteSecret(console, secret, parsed.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command CreateShare(CliConsole console)
    {
        var secret = new Argument<string>("SECRET")
        {
            Description = "The secret to split: a symmetric key UDF (starts with E) as 'mesh key secret' prints it.",
        };
        var shares = new Option<int>("--shares")
        {
            HelpName = "N",
            Description = $"How many shares to make: 2 to {Shamir.MaxShares}. Give each to a different person or place.",
            Required = true,
        };
        var quorum = new Option<int>("--quorum")
        {
            HelpName = "K",
            Description = "The quorum: how many of the shares together recover the secret, 2 to N. "
                + "Any K shares are enough; K-1 or fewer reveal nothing about it. "
                + "For example --shares 5 --quorum 3 survives the loss of two shares and the theft of two.",
            Required = true,
        };
        var json = HashCommands.JsonOption();
        var command = new Command("share", "Split a secret key into N shares (Shamir secret sharing) so that any K of them "
            + "recover it with 'mesh key recover'. Prints one share per line; each is a UDF starting with S.")
        {
            secret, shares, quorum, json,
        };
        command.Validators.Add(result =>
        {
            if (!HashCommands.TryGetInt(result.GetResult(shares), out var n) || !HashCommands.TryGetInt(result.GetResult(quorum), out var k))
                return;
            if (n is < Shamir.MinQuorum or > Shamir.MaxShares)
                result.AddError($"--shares must be from {Shamir.MinQuorum} to {Shamir.MaxShares}, not {n}.");
            else if (k < Shamir.MinQuorum || k > n)
                result.AddError($"--quorum must be from {Shamir.MinQuorum} to the number of shares ({n}), not {k}.");
        });
        command.SetAction(parsed =>
        {
            var value = Udf.Parse(parsed.GetRequiredValue(secret));
            if (value.Type != UdfType.SymmetricKey)
                throw new CliException("SECRET is not a symmetric key UDF (one that starts with E).", "make one with 'mesh key secret'.");
            var k = parsed.GetValue(quorum);
            var split = Shamir.Split(value.Payload.Span, parsed.GetValue(shares), k).Select(s => s.ToString()).ToList();
            if (parsed.GetValue(json))
            {
                console.WriteJson(w =>
                {
                    w.WriteNumber("quorum", k);
                    w.WriteStartArray("shares");
                    foreach (var share in split) w.WriteStringValue(share);
                    w.WriteEndArray();
                });
            }
            else
            {
                foreach (var share in split) console.Out.WriteLine(share);
            }
            return 0;
        });
        return command;
    }

    private static Command CreateRecover(CliConsole console)
    {
        var shares = new Argument<string[]>("SHARE")
        {
            Description = "Shares of one secret as 'mesh key share' printed them, at least its quorum of them. "
                + "Give more than the quorum to have them checked against each other.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = HashCommands.JsonOption();
        var command = new Command("recover", "Recover a secret key from a quorum of its shares and print it as a UDF (starts with E).")
        {
            shares, json,
        };
        command.SetAction(parsed =>
        {
            byte[] secret;
            try
            {
                secret = Shamir.Recover(parsed.GetRequiredValue(shares));
            }
            catch (MeshException e)
            {
                throw new CliException(e.Message, "give at least the quorum of distinct shares from one split, as 'mesh key share' printed them.");
            }
            WriteSecret(console, Udf.SymmetricKey(secret), parsed.GetValue(json));
            CryptographicOperations.ZeroMemory(secret);
            return 0;
        });
        return command;
    }

    private static void WriteSecret(CliConsole console, string secret, bool json)
    {
        if (!json)
        {
            console.Out.WriteLine(secret);
            return;
        }
        var key = Udf.Parse(secret).Payload.Span;
        var hex = Convert.ToHexStringLower(key);
        var bits = key.Length * 8;
        console.WriteJson(w =>
        {
            w.WriteString("secret", secret);
            w.WriteNumber("bits", bits);
            w.WriteString("hex", hex);
        });
    }
}
