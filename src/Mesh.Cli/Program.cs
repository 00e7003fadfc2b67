return Mesh.Cli.MeshCommand.Run(args, Console.In, Console.Out, Console.Error, outIsTerminal: !Console.IsOutputRedirected);
