using System.ComponentModel;
using System.Reflection;
using DiffGen.CompilerServices;

namespace DiffGen.Tests.CompilerServices;

/// <summary>What generated code relies on: value stacks, scratch buffers, buffer checks, span copies, opaque values' adjoints and the call tape.</summary>
public class RuntimeSupportTests
{
    [Fact]
    public void What_only_generated_code_calls_is_in_CompilerServices_hidden_from_IntelliSense()
    {
        var types = typeof(DiffMath).Assembly.GetExportedTypes();
        var support = types.Where(t => t.Namespace == "DiffGen.CompilerServices").ToList();
        Assert.Equal(new[] { "Adjoints", "Arrays", "CallTape`1", "GradientBuffers", "ScratchBuffer`1", "Spans", "ValueStack`1" }, support.Select(t => t.Name).Order());
        Assert.All(support, t => Assert.Equal(EditorBrowsableState.Never, t.GetCustomAttribute<EditorBrowsableAttribute>()?.State));
        // The user's surface stays in DiffGen, all of it visible.
        Assert.All(types.Where(t => t.Namespace == "DiffGen"), t => Assert.Null(t.GetCustomAttribute<EditorBrowsableAttribute>()));
    }

    [Fact]
    public void The_call_tape_gives_back_scalars_spans_and_stacks_in_reverse_order_across_growth()
    {
        // A caller's Primal pushes after its callee's, and its Pullback pops before the callee's: nested LIFO.
        var stack = ValueStack<double>.Reserve([], 0, 300);
        for (int i = 0; i < 300; i++) stack[i] = i * 0.25;
        double[] span = [1.5, -2.5, 3.5];
        CallTape<double>.Push(7.0);
        CallTape<int>.Push(42);
        CallTape<double>.PushStack(stack, 300);
        CallTape<double>.PushSpan(span);
        for (int i = 0; i < 500; i++) CallTape<double>.Push(i);
        for (int i = 499; i >= 0; i--) Assert.Equal(i, CallTape<double>.Pop());

        var back = new double[CallTape<double>.PopLength()];
        CallTape<double>.PopSpan(back);
        Assert.Equal(span, back);
        var popped = CallTape<double>.PopStack(out int top);
        Assert.Equal(300, top);
        for (int i = 0; i < top; i++) Assert.Equal(i * 0.25, popped[i]);
        ValueStack<double>.Return(popped);
        ValueStack<double>.Return(stack);
        Assert.Equal(42, CallTape<int>.Pop());
        Assert.Equal(7.0, CallTape<double>.Pop());
    }

    [Fact]
    public void A_value_stack_takes_the_array_its_thread_gave_back_and_a_nested_one_rents_another()
    {
        // On a new thread: no spare left by other tests.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { Body(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        Assert.Null(failure);

        static void Body()
        {
            var first = ValueStack<double>.Reserve([], 0, 4);
            ValueStack<double>.Return(first);
            var again = ValueStack<double>.Reserve([], 0, 4);
            Assert.Same(first, again);
            // While it is held (a caller's), a callee's stack gets another array; both come back, the larger stays.
            var nested = ValueStack<double>.Reserve([], 0, 4 * again.Length);
            Assert.NotSame(again, nested);
            ValueStack<double>.Return(nested);
            ValueStack<double>.Return(again);
            Assert.Same(nested, ValueStack<double>.Reserve([], 0, 4));
            // A stack of references keeps nothing alive once given back.
            var strings = ValueStack<string>.Reserve([], 0, 2);
            strings[0] = "kept?";
            ValueStack<string>.Return(strings);
            var reused = ValueStack<string>.Reserve([], 0, 2);
            Assert.Same(strings, reused);
            Assert.Null(reused[0]);
        }
    }

    [Fact]
    public void A_value_stack_pops_in_reverse_order_across_growth()
    {
        var stack = new ValueStack<double>();
        try
        {
            for (int i = 0; i < 1000; i++) stack.Push(i * 0.5);
            Assert.Equal(1000, stack.Count);
            for (int i = 999; i >= 0; i--) Assert.Equal(i * 0.5, stack.Pop());
            Assert.Equal(0, stack.Count);
        }
        finally
        {
            stack.Dispose();
        }
    }

    [Fact]
    public void PushAll_and_PopAll_save_and_restore_a_span()
    {
        var stack = new ValueStack<int>();
        try
        {
            int[] values = { 1, 2, 3 };
            stack.Push(7);
            stack.PushAll(values);
            var restored = new int[3];
            stack.PopAll(restored);
            Assert.Equal(values, restored);
            Assert.Equal(7, stack.Pop());
        }
        finally
        {
            stack.Dispose();
        }
    }

    [Fact]
    public void The_generated_form_grows_saves_whole_spans_and_gives_the_array_back()
    {
        // What generated code does with a stack held as an array and a count of its own.
        var items = Array.Empty<double>();
        int top = 0;
        for (int i = 0; i < 200; i++)
        {
            if ((uint)top >= (uint)items.Length) items = ValueStack<double>.Grow(items, top);
            items[top++] = i;
        }
        Assert.True(items.Length >= 200);
        double[] saved = [-1.5, 2.5, 3.5];
        items = ValueStack<double>.PushAll(items, ref top, saved);
        Assert.Equal(203, top);
        var restored = new double[3];
        ValueStack<double>.PopAll(items, ref top, restored);
        Assert.Equal(saved, restored);
        for (int i = 199; i >= 0; i--) Assert.Equal(i, items[--top]);
        Assert.Throws<InvalidOperationException>(() => ValueStack<double>.PopAll(items, ref top, new double[1]));
        ValueStack<double>.Return(items);
        ValueStack<double>.Return(Array.Empty<double>());

        // The next stack of this thread starts at least as large as this one grew.
        var next = ValueStack<double>.Grow(Array.Empty<double>(), 0);
        Assert.True(next.Length >= items.Length);
        ValueStack<double>.Return(next);
    }

    [Fact]
    public void Reserve_makes_room_for_a_loops_pushes_and_keeps_what_is_there()
    {
        var items = Array.Empty<double>();
        int top = 0;
        items = ValueStack<double>.Reserve(items, top, 0);
        for (int pass = 0; pass < 3; pass++)
        {
            items = ValueStack<double>.Reserve(items, top, 1000);
            Assert.True(items.Length - top >= 1000);
            for (int i = 0; i < 1000; i++) items[top++] = pass * 1000 + i;   // no check: the room is there
        }
        var same = ValueStack<double>.Reserve(items, top, items.Length - top);
        Assert.Same(items, same);
        for (int i = 2999; i >= 0; i--) Assert.Equal(i, items[--top]);
        Assert.Throws<OutOfMemoryException>(() => ValueStack<double>.Reserve(items, 0, long.MaxValue / 2));
        ValueStack<double>.Return(items);
    }

    [Fact]
    public void PushAll_grows_as_often_as_it_takes()
    {
        var items = Array.Empty<int>();
        int top = 0;
        var large = Enumerable.Range(0, 100_000).ToArray();
        items = ValueStack<int>.PushAll(items, ref top, large);
        Assert.Equal(large.Length, top);
        var back = new int[large.Length];
        ValueStack<int>.PopAll(items, ref top, back);
        Assert.Equal(large, back);
        Assert.Equal(0, top);
        ValueStack<int>.Return(items);
    }

    [Fact]
    public void Popping_an_empty_stack_throws()
    {
        var stack = new ValueStack<bool>();
        stack.Push(true);
        stack.Pop();
        bool threw = false;
        try
        {
            stack.Pop();
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }
        stack.Dispose();
        Assert.True(threw);
    }

    [Fact]
    public void A_scratch_buffer_rents_zeroed_spans_of_the_asked_length()
    {
        var buffer = new ScratchBuffer<double>();
        try
        {
            var first = buffer.Rent(5);
            first.Fill(3);
            var second = buffer.Rent(5);
            Assert.Equal(5, second.Length);
            foreach (var value in second) Assert.Equal(0.0, value);
            Assert.Throws<ArgumentOutOfRangeException>(() => new ScratchBuffer<double>().Rent(-1));
        }
        finally
        {
            buffer.Dispose();
        }
    }

    [Fact]
    public void Buffer_checks_name_the_buffer()
    {
        GradientBuffers.CheckLength(3, 3, "dV", "v");
        GradientBuffers.CheckCount(4, 4, "hessian");
        var length = Assert.Throws<ArgumentException>(() => GradientBuffers.CheckLength(2, 3, "dV", "v"));
        Assert.Equal("dV", length.ParamName);
        Assert.Contains("'v' has length 3", length.Message);
        var count = Assert.Throws<ArgumentException>(() => GradientBuffers.CheckCount(3, 4, "hessian"));
        Assert.Equal("hessian", count.ParamName);
    }

    [Fact]
    public void A_value_stack_in_steady_state_allocates_nothing()
    {
        static void Use()
        {
            var stack = new ValueStack<double>();
            try
            {
                for (int i = 0; i < 5000; i++) stack.Push(i);
                for (int i = 0; i < 5000; i++) stack.Pop();
            }
            finally
            {
                stack.Dispose();
            }
        }
        Use();
        Use();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Use();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void A_span_copied_to_an_array_holds_its_elements()
    {
        Span<double> span = stackalloc double[] { 1.5, -2, 3 };
        var copy = Spans.ToArray(span);
        Assert.Equal(new[] { 1.5, -2, 3 }, copy);
        span[0] = 7;
        Assert.Equal(1.5, copy[0]);
        Assert.Equal(new[] { 4f }, Spans.ToArray((ReadOnlySpan<float>)new[] { 4f }));
    }

    [Fact]
    public void A_slice_views_the_same_elements_of_an_array_or_a_span()
    {
        double[] array = { 1, 2, 3, 4 };
        Assert.Equal(new double[] { 2, 3 }, Spans.Slice(array, 1, 2).ToArray());
        Assert.Equal(new double[] { 3 }, Spans.Slice((ReadOnlySpan<double>)array, 2, 1).ToArray());
        Span<double> gradient = array;
        Spans.Slice(gradient, 1, 2)[0] += 10;
        Assert.Equal(12, array[1]);
    }
}
