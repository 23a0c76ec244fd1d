using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace WorkOrders.Tests.Deploy;

/// <summary>
/// deploy/nginx/workorders.conf made runnable on loopback: the upstreams pointed at given ports, listening on free
/// ports, a throwaway certificate, and every file nginx writes in a temporary folder. Debian's nginx; ./test.sh installs it.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    public static string? Missing =>
        File.Exists(Binary) || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"nginx is not installed at {Binary}: run ./test.sh (it installs it) or apt-get install nginx";

    private readonly string folder = Directory.CreateTempSubdirectory("workorders-nginx-").FullName;
    private Process? process;

    public int HttpPort { get; } = FreePort();
    public int HttpsPort { get; } = FreePort();
    public string MainConfig => Path.Combine(folder, "nginx.conf");

    /// <summary>Writes the configuration with the two upstream servers at <paramref name="web1"/> and <paramref name="web2"/>.</summary>
    public NginxServer(int web1, int web2)
    {
        var site = File.ReadAllText(DeployFiles.Path("nginx", "workorders.conf"));
        Assert.Contains("server web1:8080", site);
        Assert.Contains("server web2:8080", site);
        site = site.Replace("web1:8080", $"127.0.0.1:{web1}").Replace("web2:8080", $"127.0.0.1:{web2}")
            .Replace("/etc/nginx/certs", folder);
        site = Regex.Replace(site, @"listen \[::\]:\d+[^;]*;", "");
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{HttpPort};").Replace("listen 443 ssl", $"listen 127.0.0.1:{HttpsPort} ssl");
        File.WriteAllText(Path.Combine(folder, "site.conf"), site);
        WriteCertificate();
        File.WriteAllText(MainConfig, $$"""
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            daemon off;
            events { worker_connections 256; }
            http {
              access_log {{folder}}/access.log;
              client_body_temp_path {{folder}}/body; proxy_temp_path {{folder}}/proxy; fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi; scgi_temp_path {{folder}}/scgi;
              include {{folder}}/site.conf;
            }
            """);
    }

    /// <summary>nginx -t on the configuration: exit code and what it said.</summary>
    public async Task<(int ExitCode, string Output)> CheckAsync()
    {
        using var check = Process.Start(new ProcessStartInfo(Binary, ["-t", "-p", folder, "-c", MainConfig]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = await check.StandardError.ReadToEndAsync() + await check.StandardOutput.ReadToEndAsync();
        await check.WaitForExitAsync();
        return (check.ExitCode, output);
    }

    public async Task StartAsync()
    {
        process = Process.Start(new ProcessStartInfo(Binary, ["-p", folder, "-c", MainConfig]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        for (var i = 0; i < 200; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited at start: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("nginx did not listen within 10 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private void WriteCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "fullchain.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "privkey.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs nginx: skipped where it is not installed, except under CI, where it fails.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute() => Skip = NginxServer.Missing;
}

public static class DeployFiles
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return System.IO.Path.Combine([dir!.FullName, "deploy", .. parts]);
    }
}
