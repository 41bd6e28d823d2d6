import bcrypt from 'bcryptjs';

/** bcrypt hashes; the cost is injectable so tests need not pay for production-strength hashing. */
export function createPasswordHasher(cost = 11) {
  return {
    hash: (password: string) => bcrypt.hash(password, cost),
    verify: (password: string, hash: string) => bcrypt.compare(password, hash),
  };
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
