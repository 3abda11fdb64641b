-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "bodyHtml" TEXT;

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "bodyHtml" TEXT NOT NULL;
