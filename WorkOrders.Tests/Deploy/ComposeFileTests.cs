using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace WorkOrders.Tests.Deploy;

/// <summary>deploy/compose.yaml read as YAML (anchors merged, as docker compose does) and held to what docs/deploy.md promises.</summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<object, object> Compose = Load();

    [Fact]
    public void Compose_Services_PostgresRedisTwoWebServersAndNginx()
    {
        Assert.Equal(["nginx", "postgres", "redis", "web1", "web2"], Map(Compose["services"]).Keys.Select(k => (string)k).Order());
    }

    [Theory]
    [InlineData("web1")]
    [InlineData("web2")]
    public void Compose_WebServer_OnPostgresAndRedisTrustingOnlyNginx(string service)
    {
        var web = Map(Map(Compose["services"])[service]);
        var environment = Map(web["environment"]).ToDictionary(e => (string)e.Key, e => (string)e.Value);
        var nginxAddress = (string)Map(Map(Map(Map(Compose["services"])["nginx"])["networks"])["backend"])["ipv4_address"];

        Assert.Equal("PostgreSQL", environment["WorkOrders__Database__Provider"]);
        Assert.StartsWith("Host=postgres;", environment["ConnectionStrings__WorkOrders"]);
        Assert.StartsWith("redis:6379,", environment["ConnectionStrings__Redis"]);
        Assert.Equal(nginxAddress, environment["WorkOrders__ForwardedHeaders__KnownProxies__0"]);
        Assert.Contains("files:/var/lib/workorders/files", List(web["volumes"]));
        Assert.Contains("/health/ready", string.Join(' ', List(Map(web["healthcheck"])["test"])));
        // Secrets come from deploy/.env, never from the file itself.
        Assert.Contains("${POSTGRES_PASSWORD", environment["ConnectionStrings__WorkOrders"]);
    }

    [Fact]
    public void Compose_Nginx_MountsTheShippedConfiguration()
    {
        var volumes = List(Map(Map(Compose["services"])["nginx"])["volumes"]);
        var config = Assert.Single(volumes, v => v.EndsWith(":/etc/nginx/conf.d/default.conf:ro", StringComparison.Ordinal));

        Assert.True(File.Exists(DeployFiles.Path(config.Split(':')[0])), config);
        Assert.True(File.Exists(DeployFiles.Path("Dockerfile")));
    }

    private static Dictionary<object, object> Load()
    {
        using var reader = File.OpenText(DeployFiles.Path("compose.yaml"));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<string> List(object node) => Assert.IsType<List<object>>(node).Select(o => (string)o).ToList();
}
