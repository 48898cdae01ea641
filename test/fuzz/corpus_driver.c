/*
 * corpus_driver.c
 *		Runs a libFuzzer target over a corpus without libFuzzer.
 *
 * Links with any one fuzz target (anything defining LLVMFuzzerTestOneInput)
 * and feeds it every regular file in the directories given as arguments (a
 * file argument is run directly).  Each input sits in a heap buffer of
 * exactly its size, so AddressSanitizer catches any read past the end.  CI
 * builds it with gcc -fsanitize=address,undefined when clang is absent.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read a whole file into a buffer of exactly its size and run the target. */
static int
run_file(const char *path, long *count)
{
	FILE	   *f;
	struct stat st;
	uint8_t    *data;
	size_t		size;

	if (stat(path, &st) != 0)
	{
		perror(path);
		return -1;
	}
	size = (size_t) st.st_size;
	f = fopen(path, "rb");
	if (f == NULL)
	{
		perror(path);
		return -1;
	}
	/* exactly size bytes, even for an empty file */
	data = malloc(size);
	if (data == NULL && size > 0)
	{
		fprintf(stderr, "%s: out of memory\n", path);
		fclose(f);
		return -1;
	}
	if (size > 0 && fread(data, 1, size, f) != size)
	{
		fprintf(stderr, "%s: short read\n", path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	(*count)++;
	return 0;
}

/* Run the target over every regular file in a directory (not recursive). */
static int
run_dir(const char *dir, long *count)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	int			rc = 0;

	if (d == NULL)
	{
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL)
	{
		char		path[4096];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int) sizeof(path))
		{
			fprintf(stderr, "%s/%s: path too long\n", dir, e->d_name);
			rc = -1;
			continue;
		}
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_file(path, count) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	long		count = 0;
	int			rc = 0;
	int			i;

	if (argc < 2)
	{
		fprintf(stderr, "usage: %s corpus_dir_or_file...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
	{
		struct stat st;

		if (stat(argv[i], &st) != 0)
		{
			perror(argv[i]);
			rc = 1;
		}
		else if (S_ISDIR(st.st_mode))
		{
			if (run_dir(argv[i], &count) != 0)
				rc = 1;
		}
		else if (run_file(argv[i], &count) != 0)
			rc = 1;
	}
	if (rc == 0 && count == 0)
	{
		fprintf(stderr, "no inputs found\n");
		rc = 1;
	}
	if (rc == 0)
		printf("%ld inputs ok\n", count);
	else
		printf("%ld inputs run, with errors\n", count);
	return rc;
}
