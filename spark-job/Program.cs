Console.WriteLine("spark-job");
