using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>
/// Workspace files on an in-memory tree: workspace/import (JSON with base64, or multipart), whose
/// content the service limits to 10 MB in either form (MAX_NOTEBOOK_SIZE_EXCEEDED);
/// workspace-files/import-file (the raw body, as databricks/cli's filer writes files: 404 when the
/// parent folder is missing, 409 when the file exists and overwrite is false, as its
/// libs/filer/workspace_files_client.go expects); get-status; mkdirs.
/// </summary>
public sealed class FakeWorkspaceFiles
{
    public const int ImportLimitBytes = 10 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal) { "/", "/Users", "/Shared" };

    public IReadOnlyDictionary<string, byte[]> Contents
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, byte[]>(_files);
            }
        }
    }

    internal async Task<FakeReply> ImportAsync(RecordedRequest request)
    {
        string? path;
        bool overwrite;
        byte[] content;
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.Ordinal) == true)
        {
            var fields = await ReadMultipartAsync(request);
            path = fields.TryGetValue("path", out var p) ? System.Text.Encoding.UTF8.GetString(p) : null;
            overwrite = fields.TryGetValue("overwrite", out var o) && System.Text.Encoding.UTF8.GetString(o) == "true";
            if (!fields.TryGetValue("content", out var c))
            {
                return FakeReply.BadRequest("content is required");
            }

            content = c;
        }
        else
        {
            var body = request.JsonBody();
            path = body?["path"]?.GetValue<string>();
            overwrite = body?["overwrite"]?.GetValue<bool>() ?? false;
            content = Convert.FromBase64String(body?["content"]?.GetValue<string>() ?? string.Empty);
        }

        if (content.Length > ImportLimitBytes)
        {
            return FakeReply.Error(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", "File size imported is too large.");
        }

        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            return FakeReply.BadRequest("path must be absolute");
        }

        lock (_gate)
        {
            var parent = path[..path.LastIndexOf('/')];
            if (parent.Length > 0 && !_folders.Contains(parent))
            {
                return FakeReply.Error(404, "RESOURCE_DOES_NOT_EXIST", $"The parent folder ({parent}) does not exist.");
            }

            if (!overwrite && _files.ContainsKey(path))
            {
                return FakeReply.Error(400, "RESOURCE_ALREADY_EXISTS", $"{path} already exists.");
            }

            _files[path] = content;
            return FakeReply.Json(new JsonObject());
        }
    }

    internal FakeReply ImportFile(string path, HttpContext context, RecordedRequest request)
    {
        var overwrite = context.QueryValue("overwrite") == "true";
        lock (_gate)
        {
            var parent = path[..path.LastIndexOf('/')];
            if (parent.Length > 0 && !_folders.Contains(parent))
            {
                return FakeReply.Error(404, "RESOURCE_DOES_NOT_EXIST", $"The parent folder ({parent}) does not exist.");
            }

            if (_folders.Contains(path))
            {
                return FakeReply.Error(400, "INVALID_PARAMETER_VALUE", $"{path} is a directory.");
            }

            if (!overwrite && _files.ContainsKey(path))
            {
                return FakeReply.Error(409, "RESOURCE_ALREADY_EXISTS", $"{path} already exists.");
            }

            _files[path] = request.Body;
            return FakeReply.Json(new JsonObject());
        }
    }

    internal FakeReply GetStatus(HttpContext context)
    {
        var path = context.QueryValue("path") ?? string.Empty;
        lock (_gate)
        {
            if (_files.TryGetValue(path, out var content))
            {
                return FakeReply.Json(new JsonObject { ["path"] = path, ["object_type"] = "FILE", ["object_id"] = Math.Abs(path.GetHashCode(StringComparison.Ordinal)), ["size"] = content.Length });
            }

            return _folders.Contains(path)
                ? FakeReply.Json(new JsonObject { ["path"] = path, ["object_type"] = "DIRECTORY" })
                : FakeReply.NotFound($"Path ({path}) doesn't exist.");
        }
    }

    internal FakeReply Mkdirs(RecordedRequest request)
    {
        var path = request.JsonBody()?["path"]?.GetValue<string>();
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            return FakeReply.BadRequest("path must be absolute");
        }

        lock (_gate)
        {
            for (var folder = path.TrimEnd('/'); folder.Length > 0; folder = folder[..folder.LastIndexOf('/')])
            {
                _folders.Add(folder);
            }

            return FakeReply.Json(new JsonObject());
        }
    }

    private static async Task<Dictionary<string, byte[]>> ReadMultipartAsync(RecordedRequest request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var fields = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            fields[HeaderUtilities.RemoveQuotes(disposition.Name).Value!] = buffer.ToArray();
        }

        return fields;
    }
}
