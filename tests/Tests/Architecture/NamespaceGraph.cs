using System.Reflection;
using System.Reflection.Emit;

namespace Handoff.Tests.Architecture;

/// <summary>
/// Which namespace uses which, read from the compiled assemblies: every type named in a type's
/// base types, fields, signatures, locals and method bodies (the IL's type, field and method
/// tokens). A namespace is taken at its module's depth (Handoff.Shared.Formats.Csv counts as
/// Handoff.Shared.Formats), so a cycle is one between the folders docs/architecture.md lists.
/// Not seen: constants (the compiler copies their values), nameof, attributes' arguments, and
/// doc-comment crefs; cycles inside one module are not looked for.
/// </summary>
public static class NamespaceGraph
{
    public const int ModuleDepth = 3;

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Edges between modules, each with one example "type → type" that makes it.</summary>
    public static Dictionary<(string From, string To), string> Read(IEnumerable<Assembly> assemblies)
    {
        var ours = assemblies.ToHashSet();
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in ours.SelectMany(a => a.GetTypes()))
        {
            if (ModuleOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in Uses(type))
            {
                foreach (var named in Flatten(used))
                {
                    if (ours.Contains(named.Assembly) && ModuleOf(named) is { } to && to != from)
                    {
                        edges.TryAdd((from, to), $"{type.FullName} uses {named.FullName}");
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>The groups of modules that reach each other (strongly connected, more than one module).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);
                if (group.Count > 1)
                {
                    cycles.Add([.. group.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return cycles;
    }

    private static string? ModuleOf(Type type)
    {
        var name = type.Namespace;
        if (name is null || !name.StartsWith("Handoff.", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = name.Split('.');
        return string.Join('.', parts.Take(ModuleDepth));
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Flatten(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return argument;
            }
        }
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }

        foreach (var field in type.GetFields(Declared))
        {
            yield return field.FieldType;
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            foreach (var used in BodyUses(type, method))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<Type> BodyUses(Type type, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }

            var opCode = OpCodesByValue[value];
            var operandSize = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
                _ => 4,
            };
            if (opCode.OperandType is OperandType.InlineType or OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, position);
                foreach (var used in Resolve(method.Module, token, typeArguments, methodArguments))
                {
                    yield return used;
                }
            }

            position += operandSize;
        }
    }

    private static IEnumerable<Type> Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            yield break;
        }

        switch (member)
        {
            case Type type:
                yield return type;
                break;
            case FieldInfo field:
                yield return field.DeclaringType!;
                yield return field.FieldType;
                break;
            case MethodBase called:
                if (called.DeclaringType is { } declaring)
                {
                    yield return declaring;
                }

                if (called.IsGenericMethod)
                {
                    foreach (var argument in called.GetGenericArguments())
                    {
                        yield return argument;
                    }
                }

                break;
        }
    }
}
