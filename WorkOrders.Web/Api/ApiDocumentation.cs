using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using WorkOrders.Core.Attachments;

namespace WorkOrders.Web.Api;

/// <summary>The OpenAPI 3.1 document at /openapi/v1.json, generated from the endpoints, and its examples.</summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/api/reference";

    /// <summary>Where Scalar's own scripts are served from; its own page there needs an inline script, which the app's CSP refuses.</summary>
    public const string ScalarAssetsPath = "/api/scalar";

    /// <summary>
    /// The document and the interactive reference are public: they describe the API, and every call still needs a key.
    /// The reference page is ours, with no inline script: it loads Scalar's script and /js/api-reference.js, so the
    /// app's strict Content-Security-Policy stays as it is for this page too.
    /// </summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(ScalarAssetsPath, o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ReferencePath, () => Results.Content(ReferencePage, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private const string ReferencePage =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />" +
        "<title>WorkOrders API reference</title></head>\n<body><div id=\"app\"></div>\n" +
        "<script src=\"" + ScalarAssetsPath + "/scalar.js\"></script>\n<script type=\"module\" src=\"/js/api-reference.js\"></script>\n</body>\n</html>\n";

    internal static IServiceCollection AddWorkOrdersOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // Only the REST API is documented, not the pages, the feed or the hubs.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WorkOrders API",
                    Version = "v1",
                    Description = "Create and follow action items and work orders, and carry work orders through their lifecycle, as the " +
                                  "key's user with that user's rights. Authenticate with `Authorization: Bearer <key>` (keys are made on the " +
                                  "profile page). Another organisation's ids answer 404 exactly like missing ones. Versions are ETags: send the " +
                                  "one you read in `If-Match` when you change something (412 when it is stale). Errors are RFC 9457 problem details.",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["ApiKey"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "wo_…",
                        Description = "An API key from your profile page (Profile → API keys). Read-only keys may only read.",
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type;
                if (body is not null && Examples.TryGetValue(body, out var example)
                    && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
                {
                    media.Example = example(context.Description.RelativePath ?? "");
                }
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiFileEndpoints.UploadsFiles>().Any()) DescribeUpload(operation);
                return Task.CompletedTask;
            });
        });

    /// <summary>The upload endpoints read the form themselves (for their own 413/415 answers), so their body is described here.</summary>
    private static void DescribeUpload(OpenApiOperation operation)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"One or more `{ApiFileEndpoints.FilePart}` parts (at most {ApiFileEndpoints.MaxFilesPerRequest}): JPEG, PNG, WebP, HEIC or PDF, " +
                          $"at most {FileProcessor.MaxBytes / (1024 * 1024)} MB each. The type is found from the content, not the name.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { ApiFileEndpoints.FilePart },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [ApiFileEndpoints.FilePart] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Array,
                                MaxItems = ApiFileEndpoints.MaxFilesPerRequest,
                                Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    },
                },
            },
        };
        if (operation.Responses?.TryGetValue("201", out var created) == true && created.Content?.TryGetValue("application/json", out var media) == true)
        {
            media.Example = new JsonObject
            {
                ["files"] = new JsonArray(new JsonObject
                {
                    ["id"] = 31, ["target"] = "Resolution", ["name"] = "after.jpg", ["contentType"] = "image/jpeg", ["size"] = 183422,
                    ["width"] = 1600, ["height"] = 1200, ["actionItemId"] = null, ["noteId"] = null, ["uploadedAt"] = "2026-12-03T09:41:00+00:00",
                    ["downloadUrl"] = "/api/v1/files/31", ["thumbnailUrl"] = "/api/v1/files/31/thumbnail",
                }),
            };
        }
    }

    private static readonly Dictionary<Type, Func<string, JsonNode>> Examples = new()
    {
        [typeof(ActionItemRequest)] = _ => new JsonObject
        {
            ["title"] = "Dispenser 4 nozzle leaking", ["description"] = "Drips after each sale.", ["priority"] = "High",
            ["source"] = "Annual inspection 2026", ["dueDate"] = "2026-12-31",
        },
        [typeof(CloseActionItemRequest)] = _ => new JsonObject { ["reason"] = "Duplicate of another finding." },
        [typeof(ImportActionItemsRequest)] = _ => new JsonObject
        {
            ["facilityId"] = 1,
            ["rows"] = new JsonArray(
                new JsonObject { ["title"] = "Sump lid cracked", ["priority"] = "Medium", ["dueDate"] = "2027-01-15" },
                new JsonObject { ["facility"] = "Topeka Station", ["title"] = "Emergency stop label faded", ["priority"] = "Low" }),
        },
        [typeof(CreateWorkOrderRequest)] = _ => new JsonObject { ["facilityId"] = 1, ["title"] = "Fix dispenser 4", ["actionItemIds"] = new JsonArray(12, 13) },
        [typeof(EditWorkOrderRequest)] = _ => new JsonObject
        {
            ["title"] = "Fix dispenser 4", ["actionItemIds"] = new JsonArray(12, 13),
            ["estimateLines"] = new JsonArray(new JsonObject { ["description"] = "Nozzle", ["quantity"] = 1, ["unitPrice"] = 85.5 }),
        },
        [typeof(TransitionRequest)] = path => path.EndsWith("/submit", StringComparison.Ordinal) ? new JsonObject { ["approverId"] = "<user id from GET /api/v1/users>" }
            : path.EndsWith("/deny", StringComparison.Ordinal) ? new JsonObject { ["reason"] = "The estimate is too high." }
            : path.EndsWith("/resolve", StringComparison.Ordinal) ? new JsonObject { ["resolutionNote"] = "Replaced the nozzle; tested.", ["photoIds"] = new JsonArray(31) }
            : path.EndsWith("/dispatch", StringComparison.Ordinal) || path.EndsWith("/reschedule", StringComparison.Ordinal)
                ? new JsonObject { ["assigneeId"] = "<user id>", ["start"] = "2026-12-03T08:00:00-06:00", ["end"] = "2026-12-03T10:00:00-06:00" }
            : new JsonObject { ["comment"] = "Looks good." },
        [typeof(NoteRequest)] = _ => new JsonObject { ["text"] = "Parts arrive Thursday." },
    };
}
