global using DiffGen.Tensors;
